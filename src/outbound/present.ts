/**
 * Outbound log rows as the APIs show them (sections 7.3, 7.4, 8): decimal money, status
 * names, ISO dates. The affiliate's view never carries revenue.
 */
import { toDecimal } from '../domain/money.js';
import { statusName } from '../domain/status.js';
import { iso } from '../http/present.js';
import type { DeliveryAttempt, OutboundJob } from '../store/entities.js';

/** One row of the affiliate postbacks or cross-postbacks slice. */
export function presentOutboundRow(job: OutboundJob) {
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

/** The affiliate's own log row: the same without revenue. */
export function presentOutboundRowForAffiliate(job: OutboundJob) {
  const { revenue: _revenue, ...visible } = presentOutboundRow(job);
  return visible;
}

/** One delivery attempt. */
export function presentAttempt(attempt: DeliveryAttempt) {
  return {
    attempt: attempt.attempt,
    date: iso(attempt.at),
    http_code: attempt.http_code,
    error: attempt.error,
    duration_ms: attempt.duration_ms,
  };
}

/** A row with its delivery details, for the admin's single-row view and the resend answer. */
export function presentOutboundDetail(job: OutboundJob, attempts: readonly DeliveryAttempt[]) {
  return {
    ...presentOutboundRow(job),
    next_attempt_at: job.state === 'pending' || job.state === 'retrying' ? iso(job.next_attempt_at) : null,
    updated_at: iso(job.updated_at),
    attempt_log: attempts.map(presentAttempt),
  };
}
