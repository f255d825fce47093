/**
 * Delivery trouble of outbound configurations on PostgreSQL: counted as attempts are recorded,
 * checked as jobs are claimed (a paused configuration's jobs are held, state `paused`, instead
 * of sent) and cleared by a success or a re-enable, which makes the held jobs due again.
 *
 * Holding and re-enabling may run at once in different processes: holding reads the paused
 * rows FOR SHARE and a re-enable deletes its row first, so one waits for the other and no job
 * is held after its configuration was re-enabled.
 */
import type { OutboundJob, OutboundKind, Page, PageRequest } from '../../domain/entities.js';
import type { AttemptResult, OutboundHealth, OutboundHealthFilter } from '../store.js';
import { transaction, type PgClient, type PgPool } from './connection.js';
import { decodeFields, encodeText } from './text.js';

const HEALTH_COLUMNS = `h.*, (SELECT COUNT(*)::int FROM outbound o
    WHERE o.kind = h.kind AND o.source_id = h.source_id AND o.state = 'paused') AS held_jobs`;

const FAILED_FIRST = `INSERT INTO outbound_health AS h (kind, source_id, affiliate_id, consecutive_failures, last_error,
    last_http_code, last_failure_at, paused_at)
  VALUES ($1, $2, $3, 1, $4, $5, $6, CASE WHEN $7::int > 0 AND 1 >= $7::int THEN $6::bigint END)
  ON CONFLICT (kind, source_id) DO UPDATE SET
    consecutive_failures = h.consecutive_failures + 1, last_error = excluded.last_error,
    last_http_code = excluded.last_http_code, last_failure_at = excluded.last_failure_at,
    paused_at = COALESCE(h.paused_at, CASE WHEN $7::int > 0 AND h.consecutive_failures + 1 >= $7::int THEN $6::bigint END)`;

const RELEASE = `UPDATE outbound SET state = CASE WHEN attempts = 0 THEN 'pending' ELSE 'retrying' END,
    next_attempt_at = $1, updated_at = $1
  WHERE kind = $2 AND source_id = $3 AND state = 'paused'`;

const toHealth = (row: OutboundHealth) => decodeFields(row, ['last_error']);

/** The claimed jobs to send; those of paused configurations are held instead. */
export async function sendable(pool: PgPool, jobs: OutboundJob[], now: number): Promise<OutboundJob[]> {
  if (jobs.length === 0) return jobs;
  const paused = await pool.query({
    name: 'outbound_paused_any',
    text: 'SELECT 1 FROM outbound_health WHERE paused_at IS NOT NULL LIMIT 1',
  });
  if (paused.rows.length === 0) return jobs;
  const held = await transaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `WITH paused AS (SELECT kind, source_id FROM outbound_health WHERE paused_at IS NOT NULL FOR SHARE)
       UPDATE outbound o SET state = 'paused', lease_until = NULL, updated_at = $2
       FROM paused p WHERE o.id = ANY($1) AND o.kind = p.kind AND o.source_id = p.source_id
       RETURNING o.id`,
      [jobs.map((job) => job.id), now],
    );
    return new Set(rows.map((row) => row.id));
  });
  return held.size === 0 ? jobs : jobs.filter((job) => !held.has(job.id));
}

/**
 * Counts the attempt's outcome for its configuration, in the attempt's transaction; answers
 * how many held jobs a success made due again.
 */
export async function recordHealth(
  client: PgClient,
  job: Pick<OutboundJob, 'kind' | 'source_id' | 'affiliate_id'>,
  firstAttempt: boolean,
  result: AttemptResult,
): Promise<number> {
  const at = result.at + result.duration_ms;
  if (result.state === 'delivered') {
    const forgot = await client.query<{ paused_at: number | null }>({
      name: 'outbound_health_forget',
      text: 'DELETE FROM outbound_health WHERE kind = $1 AND source_id = $2 RETURNING paused_at',
      values: [job.kind, job.source_id],
    });
    if (forgot.rows[0]?.paused_at == null) return 0;
    return (await client.query(RELEASE, [at, job.kind, job.source_id])).rowCount ?? 0;
  }
  if (result.state === 'skipped') return 0;
  const error = encodeText(result.error);
  if (!firstAttempt) {
    await client.query(
      'UPDATE outbound_health SET last_error = $1, last_http_code = $2, last_failure_at = $3 WHERE kind = $4 AND source_id = $5',
      [error, result.http_code, at, job.kind, job.source_id],
    );
    return 0;
  }
  const owner = job.kind === 'cross_postback' ? null : job.affiliate_id;
  await client.query(FAILED_FIRST, [
    job.kind,
    job.source_id,
    owner,
    error,
    result.http_code,
    at,
    result.pause_after ?? 0,
  ]);
  return 0;
}

export async function listHealth(
  pool: PgPool,
  filter: OutboundHealthFilter,
  page: PageRequest,
): Promise<Page<OutboundHealth>> {
  const own = filter.affiliate_id !== undefined;
  const where = own ? `WHERE affiliate_id = $1 AND kind != 'cross_postback'` : '';
  const args: unknown[] = own ? [filter.affiliate_id] : [];
  const n = args.length;
  const [count, rows] = await Promise.all([
    pool.query<{ total: number }>(`SELECT COUNT(*)::int AS total FROM outbound_health ${where}`, args),
    pool.query<OutboundHealth>(
      `SELECT ${HEALTH_COLUMNS} FROM outbound_health h ${where}
       ORDER BY paused_at IS NULL, last_failure_at DESC, kind, source_id LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...args, page.limit, (page.page - 1) * page.limit],
    ),
  ]);
  return { total: count.rows[0].total, rows: rows.rows.map(toHealth) };
}

export async function healthOf(pool: PgPool, kind: OutboundKind, sourceId: number): Promise<OutboundHealth | null> {
  const { rows } = await pool.query<OutboundHealth>(
    `SELECT ${HEALTH_COLUMNS} FROM outbound_health h WHERE kind = $1 AND source_id = $2`,
    [kind, sourceId],
  );
  return rows[0] ? toHealth(rows[0]) : null;
}

/** Forgets the trouble and makes held jobs due; answers how many were held. */
export function resumeHealth(pool: PgPool, kind: OutboundKind, sourceId: number, now: number): Promise<number> {
  return transaction(pool, async (client) => {
    await client.query('DELETE FROM outbound_health WHERE kind = $1 AND source_id = $2', [kind, sourceId]);
    return (await client.query(RELEASE, [now, kind, sourceId])).rowCount ?? 0;
  });
}
