/** Retention and sweeps on SQLite. One process owns the file, so "exclusive" is in-process. */
import { objectIdLowerBound } from '../../domain/object-id.js';
import type { MaintenanceRepo } from '../store.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';

/** Rows removed per transaction, so a large purge never holds the writer for long. */
const PURGE_CHUNK = 5000;

export function sqliteMaintenance(db: SqliteDb, writer: SqliteWriter): MaintenanceRepo {
  const running = new Set<string>();
  const version = db.prepare("SELECT value FROM settings WHERE key = 'catalog_version'").pluck();
  // Ids begin with their creation time: deleting by id range walks the primary key only.
  const purgeClicks = db.prepare(
    `DELETE FROM clicks WHERE clickid IN (SELECT clickid FROM clicks WHERE clickid < ? LIMIT ${PURGE_CHUNK})`,
  );
  const purgeLog = db.prepare(
    `DELETE FROM postback_log WHERE id IN (SELECT id FROM postback_log WHERE id < ? LIMIT ${PURGE_CHUNK})`,
  );
  const purgeAttempts = db.prepare(
    `DELETE FROM outbound_attempts WHERE job_id IN (SELECT id FROM outbound WHERE id < ? AND state NOT IN ('pending', 'retrying', 'paused') LIMIT ${PURGE_CHUNK})`,
  );
  const purgeOutbound = db.prepare(
    `DELETE FROM outbound WHERE id IN (SELECT id FROM outbound WHERE id < ? AND state NOT IN ('pending', 'retrying', 'paused') LIMIT ${PURGE_CHUNK})`,
  );

  async function drain(run: () => number): Promise<number> {
    let total = 0;
    for (;;) {
      const removed = await writer.write(run);
      total += removed;
      if (removed < PURGE_CHUNK) return total;
    }
  }

  return {
    async purgeBefore(cutoff) {
      const bound = objectIdLowerBound(cutoff);
      const clicks = await drain(() => purgeClicks.run(bound).changes);
      const postbacks = await drain(() => purgeLog.run(bound).changes);
      const outbound = await drain(() => {
        purgeAttempts.run(bound);
        return purgeOutbound.run(bound).changes;
      });
      return { clicks, postbacks, outbound };
    },
    async exclusive(name, task) {
      if (running.has(name)) return false;
      running.add(name);
      try {
        await task();
        return true;
      } finally {
        running.delete(name);
      }
    },
    async catalogVersion() {
      return Number((version.get() as string | undefined) ?? 0);
    },
  };
}
