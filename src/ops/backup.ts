/**
 * `npm start -- --backup <file>`: a consistent copy of the SQLite database while it serves.
 * SQLite's online backup reads the database through a connection of its own (here, in this
 * separate process, read-only), so the serving process is never stopped or slowed beyond the
 * reads. In WAL mode a reader sees one committed state, and the copy is that state: every write
 * committed before the copy's last step, nothing half-written.
 *
 * The first step copies a few pages; every later step copies all that remain in one read, so a
 * busy writer in another process cannot keep restarting the copy (SQLite restarts a backup whose
 * source another connection changed between two steps).
 *
 * PostgreSQL is backed up with its own tools (pg_dump, or base backups with WAL archiving):
 * see docs/hardening.md.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { sqlitePath } from '../store/sqlite/connection.js';

export class BackupError extends Error {}

export interface BackupResult {
  path: string;
  pages: number;
}

/** Copies the database of `databaseUrl` to `target` (written beside it first, then renamed). */
export async function backupDatabase(databaseUrl: string, target: string): Promise<BackupResult> {
  if (!databaseUrl.startsWith('file:')) {
    throw new BackupError(
      '--backup copies an SQLite database; on PostgreSQL use pg_dump or base backups (docs/hardening.md)',
    );
  }
  const source = sqlitePath(databaseUrl);
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
  if (existsSync(target)) throw new BackupError(`${target} exists; name a new file`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const done = await db.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 100) });
    // Only a finished copy takes the name asked for: a half-written file is never mistaken for one.
    renameSync(partial, target);
    return { path: target, pages: done.totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
