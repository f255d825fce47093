/**
 * What outbound log rows need computed before the schemas in src/schemas/outbound.ts serialise
 * them: decimal money, status names, ISO times. The affiliate's view never carries revenue.
 */
import { toDecimal } from '../domain/money.js';
import { statusName } from '../domain/status.js';
import { iso } from '../http/present.js';
import type {
  DeliveryAttemptRecord,
  OutboundDetailRecord,
  OutboundPostbackRecord,
  PartnerOutboundPostbackRecord,
} from '../schemas/outbound.js';
import type { DeliveryAttempt, OutboundJob } from '../domain/entities.js';

/**
 * One row of the affiliate postbacks or cross-postbacks slice. Fields are listed one by one,
 * not spread: a job also holds its signing secret and body, which must never reach an answer.
 */
export function presentOutboundRow(job: OutboundJob): OutboundPostbackRecord {
  return {
    id: job.id,
    type: job.kind,
    url: job.url,
    method: job.method,
    conversion_id: job.conversion_id,
    affiliate_id: job.affiliate_id,
    offer_id: job.offer_id,
    goal: job.goal,
    status: statusName(job.status),
    status_code: job.status,
    payouts: toDecimal(job.payout),
    revenue: toDecimal(job.revenue),
    currency: job.currency,
    notice: job.notice,
    http_code: job.http_code,
    error: job.error,
    state: job.state,
    attempts: job.attempts,
    date: iso(job.created_at),
    integration: job.integration,
  };
}

/** The affiliate's own log row: the same without revenue (removed here, not only by its schema). */
export function presentOutboundRowForAffiliate(job: OutboundJob): PartnerOutboundPostbackRecord {
  const { revenue: _revenue, ...visible } = presentOutboundRow(job);
  return visible;
}

function presentAttempt(attempt: DeliveryAttempt): DeliveryAttemptRecord {
  return { ...attempt, date: iso(attempt.at) };
}

/** A row with its delivery details, for the admin's single-row view and the resend answer. */
export function presentOutboundDetail(job: OutboundJob, attempts: readonly DeliveryAttempt[]): OutboundDetailRecord {
  return {
    ...presentOutboundRow(job),
    next_attempt_at: job.state === 'pending' || job.state === 'retrying' ? iso(job.next_attempt_at) : null,
    updated_at: iso(job.updated_at),
    attempt_log: attempts.map(presentAttempt),
  };
}
