/**
 * Applying migrations at start. Several processes may start at once (two HTTP processes and a
 * worker, or a rolling deploy): a session advisory lock makes them take turns, so each migration
 * runs exactly once and every process starts only once the schema is complete.
 */
import { checkSchemaName, type PgPool } from './connection.js';
import { PG_MIGRATIONS } from './schema.js';

/** First key of every advisory lock the store takes, so its locks never collide with others'. */
export const LOCK_NAMESPACE = 0x7470;

export async function migrate(pool: PgPool, schema: string): Promise<void> {
  checkSchemaName(schema);
  const client = await pool.connect();
  try {
    // Keyed by schema: stores in different schemas of one database do not wait for each other.
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE, `migrate:${schema}`]);
    try {
      // Created only when missing: a role without CREATE on the database can use an existing schema.
      const existing = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (existing.rows.length === 0) await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at bigint NOT NULL)',
      );
      const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations');
      const applied = new Set(rows.map((row) => row.name));
      for (const migration of PG_MIGRATIONS) {
        if (applied.has(migration.name)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
            migration.name,
            Date.now(),
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, `migrate:${schema}`]);
    }
  } finally {
    client.release();
  }
}
