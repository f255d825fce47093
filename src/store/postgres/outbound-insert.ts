/**
 * Writing outbound jobs: used inside the conversion event's transaction (the outbox), so an
 * event never exists without its jobs nor a job without its event. All of an event's jobs go
 * in one statement, as parallel arrays unnest()ed into rows.
 */
import { newClickId } from '../../domain/clickid.js';
import type { OutboundJobInput } from '../entities.js';
import type { PgQueryable } from './connection.js';
import { encodeText } from './text.js';

/** A job with its id chosen ahead (the id begins with the job's creation time). */
export interface IdentifiedJob {
  id: string;
  job: OutboundJobInput;
}

/** Gives each job an id that begins with `now`: date filters and retention are id ranges. */
export function identifyJobs(jobs: OutboundJobInput[], now: number): IdentifiedJob[] {
  return jobs.map((job) => ({ id: newClickId(now), job }));
}

/** Number of parameters outboundInsertSql uses. */
export const OUTBOUND_PARAMS = 18;

/**
 * The INSERT of a set of jobs, its parameters numbered from `first` (see outboundParams);
 * `condition` lets a larger statement write the jobs only when its conversion was written.
 */
export function outboundInsertSql(first: number, condition = 'TRUE'): string {
  const p = (index: number) => `$${first + index}`;
  const arrays = ['text', 'text', 'bigint', 'text', 'bigint', 'bigint', 'text', 'smallint', 'bigint', 'bigint', 'text',
    'text', 'text', 'text', 'text', 'text', 'text'].map((type, index) => `${p(index)}::${type}[]`).join(', ');
  const now = p(17);
  return `INSERT INTO outbound (id, kind, source_id, conversion_id, affiliate_id, offer_id, goal, status,
      payout, revenue, currency, notice, url, method, body, signing_secret, integration, state, attempts, http_code,
      error, next_attempt_at, lease_until, created_at, updated_at)
    SELECT id, kind, source_id, conversion_id, affiliate_id, offer_id, goal, status, payout, revenue, currency,
      notice, url, method, body, signing_secret, integration, 'pending', 0, 0, NULL, ${now}::bigint, NULL,
      ${now}::bigint, ${now}::bigint
    FROM unnest(${arrays})
      AS job(id, kind, source_id, conversion_id, affiliate_id, offer_id, goal, status, payout, revenue, currency,
        notice, url, method, body, signing_secret, integration)
    WHERE ${condition}`;
}

/** The parameters of outboundInsertSql, in order. */
export function outboundParams(jobs: IdentifiedJob[], now: number): unknown[] {
  const pick = <K extends keyof OutboundJobInput>(key: K) => jobs.map(({ job }) => job[key]);
  const text = (key: 'goal' | 'notice' | 'currency') => jobs.map(({ job }) => encodeText(job[key]));
  return [jobs.map(({ id }) => id), pick('kind'), pick('source_id'), pick('conversion_id'), pick('affiliate_id'),
    pick('offer_id'), text('goal'), pick('status'), pick('payout'), pick('revenue'), text('currency'), text('notice'),
    pick('url'), pick('method'), pick('body'), pick('signing_secret'), pick('integration'), now];
}

const INSERT = outboundInsertSql(1);

/** Inserts the jobs, due at `now`; `db` is the client of the event's transaction. */
export async function insertOutboundJobs(db: PgQueryable, jobs: IdentifiedJob[], now: number): Promise<void> {
  if (jobs.length === 0) return;
  await db.query({ name: 'outbound_insert', text: INSERT, values: outboundParams(jobs, now) });
}
