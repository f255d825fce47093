/**
 * Delivery trouble of outbound configurations on SQLite: counted as attempts are recorded,
 * checked as jobs are claimed (a paused configuration's jobs are held, state `paused`, instead
 * of sent) and cleared by a success or a re-enable, which makes the held jobs due again.
 * Everything here runs inside the writer's transactions (see outbound.ts).
 */
import type { OutboundJob, OutboundKind, Page, PageRequest } from '../../domain/entities.js';
import type { AttemptResult, OutboundHealth, OutboundHealthFilter } from '../store.js';
import type { SqliteDb } from './connection.js';

const HEALTH_COLUMNS = `h.*, (SELECT COUNT(*) FROM outbound o
    WHERE o.kind = h.kind AND o.source_id = h.source_id AND o.state = 'paused') AS held_jobs`;

export interface SqliteHealth {
  /** The claimed jobs to send; those of paused configurations are held instead (in a transaction). */
  sendable(jobs: OutboundJob[], now: number): OutboundJob[];
  /**
   * Counts the attempt's outcome for its configuration (in the attempt's transaction); answers
   * how many held jobs a success made due again.
   */
  record(
    job: Pick<OutboundJob, 'kind' | 'source_id' | 'affiliate_id'>,
    firstAttempt: boolean,
    result: AttemptResult,
  ): number;
  list(filter: OutboundHealthFilter, page: PageRequest): Page<OutboundHealth>;
  get(kind: OutboundKind, sourceId: number): OutboundHealth | null;
  /** Forgets the trouble and makes held jobs due; answers how many were held (in a transaction). */
  resume(kind: OutboundKind, sourceId: number, now: number): number;
}

export function sqliteHealth(db: SqliteDb): SqliteHealth {
  const paused = db.prepare('SELECT kind, source_id FROM outbound_health WHERE paused_at IS NOT NULL');
  const hold = db.prepare(`UPDATE outbound SET state = 'paused', lease_until = NULL, updated_at = ? WHERE id = ?`);
  const failedFirst = db.prepare(
    `INSERT INTO outbound_health (kind, source_id, affiliate_id, consecutive_failures, last_error, last_http_code,
       last_failure_at, paused_at)
     VALUES (?, ?, ?, 1, ?, ?, ?, CASE WHEN ? > 0 AND 1 >= ? THEN ? END)
     ON CONFLICT (kind, source_id) DO UPDATE SET
       consecutive_failures = consecutive_failures + 1, last_error = excluded.last_error,
       last_http_code = excluded.last_http_code, last_failure_at = excluded.last_failure_at,
       paused_at = COALESCE(paused_at, CASE WHEN ? > 0 AND consecutive_failures + 1 >= ? THEN ? END)`,
  );
  const failedAgain = db.prepare(
    `UPDATE outbound_health SET last_error = ?, last_http_code = ?, last_failure_at = ? WHERE kind = ? AND source_id = ?`,
  );
  const forget = db.prepare('DELETE FROM outbound_health WHERE kind = ? AND source_id = ? RETURNING paused_at').pluck();
  const release = db.prepare(
    `UPDATE outbound SET state = CASE WHEN attempts = 0 THEN 'pending' ELSE 'retrying' END,
       next_attempt_at = ?, updated_at = ?
     WHERE kind = ? AND source_id = ? AND state = 'paused'`,
  );
  const one = db.prepare(`SELECT ${HEALTH_COLUMNS} FROM outbound_health h WHERE kind = ? AND source_id = ?`);

  const resume = (kind: OutboundKind, sourceId: number, now: number): number => {
    forget.get(kind, sourceId);
    return release.run(now, now, kind, sourceId).changes;
  };

  return {
    sendable(jobs, now) {
      if (jobs.length === 0) return jobs;
      const held = new Set(
        (paused.all() as { kind: string; source_id: number }[]).map((row) => `${row.kind}:${row.source_id}`),
      );
      if (held.size === 0) return jobs;
      return jobs.filter((job) => {
        if (!held.has(`${job.kind}:${job.source_id}`)) return true;
        hold.run(now, job.id);
        return false;
      });
    },
    record(job, firstAttempt, result) {
      const at = result.at + result.duration_ms;
      if (result.state === 'delivered') {
        // The receiver answers again: a paused configuration's held jobs go out now.
        if (forget.get(job.kind, job.source_id) == null) return 0;
        return release.run(at, at, job.kind, job.source_id).changes;
      }
      if (result.state === 'skipped') return 0;
      if (!firstAttempt) {
        failedAgain.run(result.error, result.http_code, at, job.kind, job.source_id);
        return 0;
      }
      const n = result.pause_after ?? 0;
      const owner = job.kind === 'cross_postback' ? null : job.affiliate_id;
      failedFirst.run(job.kind, job.source_id, owner, result.error, result.http_code, at, n, n, at, n, n, at);
      return 0;
    },
    list(filter, page) {
      const where = filter.affiliate_id === undefined ? '' : `WHERE affiliate_id = ? AND kind != 'cross_postback'`;
      const args = filter.affiliate_id === undefined ? [] : [filter.affiliate_id];
      const total = db
        .prepare(`SELECT COUNT(*) FROM outbound_health ${where}`)
        .pluck()
        .get(...args) as number;
      const rows = db
        .prepare(
          `SELECT ${HEALTH_COLUMNS} FROM outbound_health h ${where}
           ORDER BY paused_at IS NULL, last_failure_at DESC, kind, source_id LIMIT ? OFFSET ?`,
        )
        .all(...args, page.limit, (page.page - 1) * page.limit) as OutboundHealth[];
      return { total, rows };
    },
    get(kind, sourceId) {
      return (one.get(kind, sourceId) as OutboundHealth | undefined) ?? null;
    },
    resume,
  };
}
