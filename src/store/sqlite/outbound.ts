/**
 * The outbound jobs (the outbox and, at once, the affiliate/cross postbacks log of 7.3-7.4):
 * claiming due jobs under a lease, recording attempts, listing and resending.
 */
import type { StatusCode } from '../../domain/status.js';
import type { DeliveryAttempt, OutboundJob } from '../../domain/entities.js';
import type { Outbox } from '../outbox.js';
import type { AttemptResult, OutboundFilter, OutboundRepo } from '../store.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';
import { sqliteHealth } from './outbound-health.js';
import { newestFirst, Where } from './where.js';

/** The due condition, spelled so SQLite uses the partial index outbound_due. */
const DUE = `state IN ('pending', 'retrying') AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)`;

/** Most claims in one go when jobs of paused configurations fill them. */
const CLAIM_ROUNDS = 10;

interface JobRow extends Omit<OutboundJob, 'status'> {
  status: number;
}

const toJob = (row: JobRow): OutboundJob => ({ ...row, status: row.status as StatusCode });

export function sqliteOutbound(db: SqliteDb, writer: SqliteWriter, outbox: Outbox): OutboundRepo {
  const anyDue = db.prepare(`SELECT 1 FROM outbound WHERE ${DUE} LIMIT 1`).pluck();
  const claim = db.prepare(
    `UPDATE outbound SET lease_until = ?
     WHERE id IN (SELECT id FROM outbound WHERE ${DUE} ORDER BY next_attempt_at LIMIT ?)
     RETURNING *`,
  );
  const current = db.prepare('SELECT attempts, kind, source_id, affiliate_id FROM outbound WHERE id = ?');
  const health = sqliteHealth(db);
  const latest = db.prepare(
    `SELECT * FROM outbound WHERE id IN (SELECT MAX(id) FROM outbound
       WHERE kind = ? AND affiliate_id = ? AND source_id IN (SELECT value FROM json_each(?)) GROUP BY source_id)`,
  );
  const finish = db.prepare(
    `UPDATE outbound SET state = ?, attempts = ?, http_code = ?, error = ?,
       next_attempt_at = COALESCE(?, next_attempt_at), lease_until = NULL, updated_at = ?
     WHERE id = ?`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO outbound_attempts (job_id, attempt, at, http_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (job_id, attempt) DO NOTHING`,
  );
  const release = db.prepare(
    `UPDATE outbound SET lease_until = NULL WHERE id = ? AND state IN ('pending', 'retrying')`,
  );
  const get = db.prepare('SELECT * FROM outbound WHERE id = ?');
  const attempts = db.prepare('SELECT * FROM outbound_attempts WHERE job_id = ? ORDER BY attempt');
  const resend = db.prepare(
    `UPDATE outbound SET state = 'pending', next_attempt_at = ?, updated_at = ? WHERE id = ? RETURNING *`,
  );

  return {
    async claim(now, limit, leaseMs) {
      // A plain read first: an idle worker polls often, and a write transaction (with its
      // fsync) for every empty poll would be waste.
      if (!anyDue.get(now, now)) return [];
      // Jobs of a paused configuration are held in the same transaction, never sent; claiming
      // goes on past them (a few rounds), so a paused backlog does not delay other receivers.
      return writer.write(() => {
        const jobs: OutboundJob[] = [];
        for (let round = 0; round < CLAIM_ROUNDS && jobs.length < limit; round++) {
          const want = limit - jobs.length;
          const claimed = (claim.all(now + leaseMs, now, now, want) as JobRow[]).map(toJob);
          jobs.push(...health.sendable(claimed, now));
          if (claimed.length < want) break;
        }
        return jobs;
      });
    },
    complete(result: AttemptResult) {
      return writer
        .write(() => {
          const job = current.get(result.job_id) as
            | (Pick<OutboundJob, 'kind' | 'source_id' | 'affiliate_id'> & { attempts: number })
            | undefined;
          if (job === undefined) return 0;
          // Numbered from the stored count, so two workers racing on one job (a lease that ran
          // out mid-request) log two attempts instead of colliding.
          const attempt = job.attempts + 1;
          finish.run(
            result.state,
            attempt,
            result.http_code,
            result.error,
            result.next_attempt_at,
            result.at + result.duration_ms,
            result.job_id,
          );
          insertAttempt.run(result.job_id, attempt, result.at, result.http_code, result.error, result.duration_ms);
          return health.record(job, attempt === 1, result);
        })
        .then((released) => outbox.committed(released));
    },
    async release(ids) {
      if (ids.length === 0) return;
      await writer.write(() => {
        for (const id of ids) release.run(id);
      });
    },
    async get(id) {
      const row = get.get(id) as JobRow | undefined;
      return row ? toJob(row) : null;
    },
    async list(filter: OutboundFilter, page) {
      const where = Where.createdWithin(filter);
      where.inList('kind', filter.kinds);
      where.inList('offer_id', filter.offer);
      where.inList('affiliate_id', filter.partner);
      if (filter.goal !== undefined) where.add('lower(goal) = ?', filter.goal.toLowerCase());
      if (filter.status !== undefined) where.add('status = ?', filter.status);
      if (filter.http_code !== undefined) where.add('http_code = ?', filter.http_code);
      const found = newestFirst<JobRow>(db, 'outbound', where, page);
      return { total: found.total, rows: found.rows.map(toJob) };
    },
    async latest(kind, affiliateId, sourceIds) {
      if (sourceIds.length === 0) return [];
      return (latest.all(kind, affiliateId, JSON.stringify(sourceIds)) as JobRow[]).map(toJob);
    },
    async attempts(jobId) {
      return attempts.all(jobId) as DeliveryAttempt[];
    },
    async resend(id, now) {
      const job = await writer.write(() => {
        const row = resend.get(now, now, id) as JobRow | undefined;
        return row ? toJob(row) : null;
      });
      outbox.committed(job ? 1 : 0);
      return job;
    },
    async health(filter, page) {
      return health.list(filter, page);
    },
    async healthOf(kind, sourceId) {
      return health.get(kind, sourceId);
    },
    async resume(kind, sourceId, now) {
      const released = await writer.write(() => health.resume(kind, sourceId, now));
      outbox.committed(released);
      return released;
    },
    onQueued: (listener) => outbox.onQueued(listener),
  };
}
