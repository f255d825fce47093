/**
 * What follows one delivery attempt (docs/api.md, "Delivery"): success is a 2xx; network errors,
 * timeouts, 408, 429 and 5xx are retried along the backoff steps; anything else is final at once.
 */
import type { AttemptResult } from '../store/store.js';

/** How one request ended: an HTTP answer, no answer (network error, timeout), or a refusal. */
export type SendOutcome =
  | { kind: 'answered'; httpCode: number; error: string | null }
  | { kind: 'no_answer'; error: string }
  | { kind: 'blocked'; error: string }
  | { kind: 'invalid'; error: string };

/** True for answers worth trying again later. */
export function isRetryableCode(code: number): boolean {
  return code === 408 || code === 429 || code >= 500;
}

/**
 * The job's next state after attempt number `attempt` (1-based). `backoffMs[i]` is the wait
 * after attempt i+1, so there are backoffMs.length + 1 attempts in all.
 */
export function nextState(
  outcome: SendOutcome,
  attempt: number,
  backoffMs: readonly number[],
  now: number,
): Pick<AttemptResult, 'state' | 'next_attempt_at'> {
  if (outcome.kind === 'blocked') return { state: 'skipped', next_attempt_at: null };
  if (outcome.kind === 'invalid') return { state: 'failed', next_attempt_at: null };
  if (outcome.kind === 'answered' && outcome.httpCode >= 200 && outcome.httpCode < 300) {
    return { state: 'delivered', next_attempt_at: null };
  }
  const retryable = outcome.kind === 'no_answer' || isRetryableCode(outcome.httpCode);
  if (!retryable || attempt > backoffMs.length) return { state: 'failed', next_attempt_at: null };
  return { state: 'retrying', next_attempt_at: now + backoffMs[attempt - 1] };
}
