/** Key-value settings (the admin key's hash, the catalog version). */
import type { SettingsRepo } from '../store.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';

export function sqliteSettings(db: SqliteDb, writer: SqliteWriter): SettingsRepo {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const insertIfAbsent = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    async get(key) {
      return (get.get(key) as string | undefined) ?? null;
    },
    setIfAbsent(key, value) {
      return writer.write(() => {
        insertIfAbsent.run(key, value);
        return get.get(key) as string;
      });
    },
    async set(key, value) {
      await writer.write(() => upsert.run(key, value));
    },
  };
}
