/** Key-value settings (the admin key's hash, the catalog version). */
import type { SettingsRepo } from '../store.js';
import type { PgPool } from './connection.js';

export function pgSettings(pool: PgPool): SettingsRepo {
  const repo: SettingsRepo = {
    async get(key) {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
      return rows[0]?.value ?? null;
    },
    async setIfAbsent(key, value) {
      // Two processes starting at once both try; the first insert wins and both read its value.
      const { rows } = await pool.query<{ value: string }>(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value',
        [key, value],
      );
      if (rows[0]) return rows[0].value;
      // Read in a new statement: the conflicting row may have committed after the insert's snapshot.
      const stored = await repo.get(key);
      if (stored === null) throw new Error(`setting ${key} vanished while being set`);
      return stored;
    },
    async set(key, value) {
      await pool.query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      );
    },
  };
  return repo;
}
