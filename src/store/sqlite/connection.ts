/** Opening the SQLite file: one connection, WAL, pragmas, migrations. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SQLITE_MIGRATIONS } from './schema.js';

export type SqliteDb = Database.Database;

/** `file:./data/trackpost.db` -> `./data/trackpost.db` (`file::memory:` stays in memory). */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '');
}

/**
 * NORMAL (the default) in WAL mode: a committed write survives a crash of the process, and
 * commits do not wait for fsync (which would block the event loop). FULL also survives power
 * loss, at the cost of one fsync per group-committed batch.
 */
export type SqliteSynchronous = 'NORMAL' | 'FULL';

export function openSqlite(path: string, synchronous: SqliteSynchronous = 'NORMAL'): SqliteDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  // Checkpoints run on a worker thread (checkpointer.ts), never inside a request's COMMIT.
  if (path !== ':memory:') db.pragma('wal_autocheckpoint = 0');
  // When the WAL restarts after a burst that grew it, the file is cut back to 64 MB.
  db.pragma('journal_size_limit = 67108864');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = OFF');
  // 16 MB of page cache: hot index pages fit, and the process stays well under 250 MB.
  db.pragma('cache_size = -16384');
  db.pragma('temp_store = MEMORY');
  migrate(db);
  return db;
}

function migrate(db: SqliteDb): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(db.prepare('SELECT name FROM schema_migrations').pluck().all() as string[]);
  for (const migration of SQLITE_MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(migration.name, Date.now());
    }).immediate();
  }
}
