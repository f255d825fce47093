/**
 * Writing outbound jobs: used inside the conversion event's transaction (the outbox), so an
 * event never exists without its jobs nor a job without its event. All of an event's jobs go
 * in one statement, as parallel arrays unnest()ed into rows.
 */
import { newObjectId } from '../../domain/object-id.js';
import type { OutboundJobInput } from '../../domain/entities.js';
import type { QueuedJob } from '../../domain/commands.js';
import type { PgQueryable } from './connection.js';
import { encodeText } from './text.js';

/** Gives each job an id that begins with `now`: date filters and retention are id ranges. */
export function identifyJobs(jobs: OutboundJobInput[], now: number): QueuedJob[] {
  return jobs.map((job) => ({ id: newObjectId(now), job }));
}

/** The columns a new job's writer fills, in the order of outboundParams, and their types. */
export const OUTBOUND_COLUMNS = [
  'id',
  'kind',
  'source_id',
  'conversion_id',
  'affiliate_id',
  'offer_id',
  'goal',
  'status',
  'payout',
  'revenue',
  'currency',
  'notice',
  'url',
  'method',
  'body',
  'signing_secret',
  'integration',
] as const;
export const OUTBOUND_TYPES = [
  'text',
  'text',
  'bigint',
  'text',
  'bigint',
  'bigint',
  'text',
  'smallint',
  'bigint',
  'bigint',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
] as const;

const COLUMNS = OUTBOUND_COLUMNS.join(', ');
const NOW = `$${OUTBOUND_TYPES.length + 1}::bigint`;
const INSERT = `INSERT INTO outbound (${COLUMNS}, state, attempts, http_code, error, next_attempt_at, lease_until,
    created_at, updated_at)
  SELECT ${COLUMNS}, 'pending', 0, 0, NULL, ${NOW}, NULL, ${NOW}, ${NOW}
  FROM unnest(${OUTBOUND_TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ')}) AS job(${COLUMNS})`;

/** One row of values per job, in OUTBOUND_COLUMNS order. */
export function outboundRow({ id, job }: QueuedJob): unknown[] {
  return [
    id,
    job.kind,
    job.source_id,
    job.conversion_id,
    job.affiliate_id,
    job.offer_id,
    encodeText(job.goal),
    job.status,
    job.payout,
    job.revenue,
    encodeText(job.currency),
    encodeText(job.notice),
    job.url,
    job.method,
    job.body,
    job.signing_secret,
    job.integration,
  ];
}

/** Inserts the jobs, due at `now`; `db` is the client of the event's transaction. */
export async function insertOutboundJobs(db: PgQueryable, jobs: QueuedJob[], now: number): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map(outboundRow);
  const values = OUTBOUND_COLUMNS.map((_, column) => rows.map((row) => row[column]));
  await db.query({ name: 'outbound_insert', text: INSERT, values: [...values, now] });
}
