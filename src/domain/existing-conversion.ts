/**
 * What a postback does to a conversion that already has its identity (section 4), and the
 * answer each outcome gets. The store runs this inside the write transaction, after the
 * database has said the identity is taken.
 */
import { isOpenStatus, type StatusCode } from './status.js';
import { POSTBACK_ERROR, accepted, rejected } from './postback-errors.js';
import type { PostbackResponse } from '../store/entities.js';
import type { RecordOutcome } from '../store/store.js';

export type ExistingDecision = 'update' | 'not_pending' | 'exists';

/**
 * A passed status that differs from the current one moves a pending or hold conversion and is
 * refused for an approved or declined one; no status, or the same one, is a repeat.
 */
export function decideExisting(current: StatusCode, passed: StatusCode | null): ExistingDecision {
  if (passed === null || passed === current) return 'exists';
  return isOpenStatus(current) ? 'update' : 'not_pending';
}

/** The answer (and log row response) for a store outcome. */
export function outcomeResponse(outcome: RecordOutcome): PostbackResponse {
  switch (outcome.kind) {
    case 'created':
    case 'updated':
      return accepted(outcome.kind, outcome.conversion.id);
    case 'exists':
      return rejected(POSTBACK_ERROR.conversionExists);
    case 'not_pending':
      return rejected(POSTBACK_ERROR.notPending);
  }
}
