/**
 * The outbound jobs (the outbox and, at once, the affiliate/cross postbacks log of 7.3-7.4) on
 * PostgreSQL, where many worker processes claim at once.
 *
 * claim: FOR UPDATE SKIP LOCKED picks due rows that no concurrent claim holds, and the same
 * statement sets the lease, so two workers never get one job; the lease (not a held lock)
 * keeps the job theirs while the request is in flight, and a crashed worker's jobs come back
 * when it runs out. complete: the attempt row and the job's next state in one transaction.
 */
import type { StatusCode } from '../../domain/status.js';
import type { DeliveryAttempt, OutboundJob } from '../../domain/entities.js';
import type { Outbox } from '../outbox.js';
import type { AttemptResult, OutboundFilter, OutboundRepo } from '../store.js';
import { transaction, type PgPool } from './connection.js';
import { healthOf, listHealth, recordHealth, resumeHealth, sendable } from './outbound-health.js';
import { countAndPage } from './page.js';
import { decodeFields, encodeText } from './text.js';
import { Where } from './where.js';

/** The due condition, spelled so the planner uses the partial index outbound_due. */
const DUE = `state IN ('pending', 'retrying') AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)`;

const ANY_DUE = `SELECT 1 FROM outbound WHERE ${DUE} LIMIT 1`;

/** MATERIALIZED: the locking pick runs exactly once, whatever plan the UPDATE gets. */
const CLAIM = `WITH due AS MATERIALIZED (
    SELECT id FROM outbound WHERE ${DUE} ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
  UPDATE outbound SET lease_until = $2 FROM due WHERE outbound.id = due.id
  RETURNING outbound.*`;

/**
 * Numbered from the stored count, read under the row lock: two workers racing on one job (a
 * lease that ran out mid-request) log two attempts instead of colliding.
 */
const FINISH = `UPDATE outbound SET state = $1, attempts = attempts + 1, http_code = $2, error = $3,
    next_attempt_at = COALESCE($4, next_attempt_at), lease_until = NULL, updated_at = $5
  WHERE id = $6 RETURNING attempts, kind, source_id, affiliate_id`;

const INSERT_ATTEMPT = `INSERT INTO outbound_attempts (job_id, attempt, at, http_code, error, duration_ms)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (job_id, attempt) DO NOTHING`;

/** Most claims in one go when jobs of paused configurations fill them. */
const CLAIM_ROUNDS = 10;

interface JobRow extends Omit<OutboundJob, 'status'> {
  status: number;
}

/** Free text in a job: from the catalog and conversion, and the receiver's error answers. */
const toJob = (row: JobRow): OutboundJob => ({
  ...decodeFields(row, ['goal', 'notice', 'currency', 'error']),
  status: row.status as StatusCode,
});

export function pgOutbound(pool: PgPool, outbox: Outbox): OutboundRepo {
  return {
    async claim(now, limit, leaseMs) {
      // A plain read first: idle workers poll often, and an empty poll should lock nothing.
      const due = await pool.query({ name: 'outbound_any_due', text: ANY_DUE, values: [now] });
      if (due.rows.length === 0) return [];
      // Jobs of a paused configuration are held, never sent; claiming goes on past them (a few
      // rounds), so a paused backlog does not delay other receivers.
      const jobs: OutboundJob[] = [];
      for (let round = 0; round < CLAIM_ROUNDS && jobs.length < limit; round++) {
        const want = limit - jobs.length;
        const { rows } = await pool.query<JobRow>({
          name: 'outbound_claim',
          text: CLAIM,
          values: [now, now + leaseMs, want],
        });
        jobs.push(...(await sendable(pool, rows.map(toJob), now)));
        if (rows.length < want) break;
      }
      // UPDATE … RETURNING gives no order; hand jobs out oldest-due first, as SQLite does.
      return jobs.sort((a, b) => a.next_attempt_at - b.next_attempt_at);
    },
    async complete(result: AttemptResult) {
      const released = await transaction(pool, async (client) => {
        const error = encodeText(result.error);
        const finished = await client.query<Pick<OutboundJob, 'attempts' | 'kind' | 'source_id' | 'affiliate_id'>>(
          FINISH,
          [
            result.state,
            result.http_code,
            error,
            result.next_attempt_at,
            result.at + result.duration_ms,
            result.job_id,
          ],
        );
        const job = finished.rows[0];
        if (job === undefined) return 0;
        const attempt = job.attempts;
        await client.query(INSERT_ATTEMPT, [
          result.job_id,
          attempt,
          result.at,
          result.http_code,
          error,
          result.duration_ms,
        ]);
        return recordHealth(client, job, attempt === 1, result);
      });
      outbox.committed(released);
    },
    async release(ids) {
      if (ids.length === 0) return;
      await pool.query(
        `UPDATE outbound SET lease_until = NULL WHERE id = ANY($1) AND state IN ('pending', 'retrying')`,
        [ids],
      );
    },
    async get(id) {
      const { rows } = await pool.query<JobRow>({
        name: 'outbound_get',
        text: 'SELECT * FROM outbound WHERE id = $1',
        values: [id],
      });
      return rows[0] ? toJob(rows[0]) : null;
    },
    async list(filter: OutboundFilter, page) {
      const where = Where.createdWithin(filter);
      where.anyOf('kind', filter.kinds);
      where.anyOf('offer_id', filter.offer);
      where.anyOf('affiliate_id', filter.partner);
      if (filter.goal !== undefined) where.add('lower(goal) = $', encodeText(filter.goal.toLowerCase()));
      if (filter.status !== undefined) where.add('status = $', filter.status);
      if (filter.http_code !== undefined) where.add('http_code = $', filter.http_code);
      const result = await countAndPage<JobRow>(pool, 'outbound', where, 'id DESC', page);
      return { total: result.total, rows: result.rows.map(toJob) };
    },
    async latest(kind, affiliateId, sourceIds) {
      if (sourceIds.length === 0) return [];
      const { rows } = await pool.query<JobRow>({
        name: 'outbound_latest',
        text: `SELECT DISTINCT ON (source_id) * FROM outbound
          WHERE kind = $1 AND affiliate_id = $2 AND source_id = ANY($3) ORDER BY source_id, id DESC`,
        values: [kind, affiliateId, sourceIds],
      });
      return rows.map(toJob);
    },
    async attempts(jobId) {
      const { rows } = await pool.query<DeliveryAttempt>(
        'SELECT * FROM outbound_attempts WHERE job_id = $1 ORDER BY attempt',
        [jobId],
      );
      return rows.map((row) => decodeFields(row, ['error']));
    },
    async resend(id, now) {
      const { rows } = await pool.query<JobRow>(
        `UPDATE outbound SET state = 'pending', next_attempt_at = $1, updated_at = $1 WHERE id = $2 RETURNING *`,
        [now, id],
      );
      outbox.committed(rows.length);
      return rows[0] ? toJob(rows[0]) : null;
    },
    health: (filter, page) => listHealth(pool, filter, page),
    healthOf: (kind, sourceId) => healthOf(pool, kind, sourceId),
    async resume(kind, sourceId, now) {
      const released = await resumeHealth(pool, kind, sourceId, now);
      outbox.committed(released);
      return released;
    },
    onQueued: (listener) => outbox.onQueued(listener),
  };
}
