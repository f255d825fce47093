/**
 * What a postback does to a conversion that already has its identity (docs/api.md, "Updates"), and
 * the answer each outcome gets. The store runs this inside the write transaction, after the
 * database has said the identity is taken.
 */
import { STATUS, isOpenStatus, type StatusCode } from './status.js';
import { POSTBACK_ERROR, accepted, rejected } from './postback-errors.js';
import type { Conversion, PostbackResponse } from './entities.js';
import type { RecordConversion, RecordOutcome, SetConversionStatus } from './commands.js';

export type ExistingDecision = 'update' | 'not_pending' | 'exists';

/**
 * A passed status that differs from the current one moves a pending or hold conversion and is
 * refused for an approved or declined one; no status, or the same one, is a repeat.
 */
export function decideExisting(current: StatusCode, passed: StatusCode | null): ExistingDecision {
  if (passed === null || passed === current) return 'exists';
  return isOpenStatus(current) ? 'update' : 'not_pending';
}

/** What a repeat postback does: the conversion after an update, or the refusal. */
export type RepeatPlan =
  | { kind: 'updated'; next: Conversion }
  | { kind: 'exists' | 'not_pending'; conversion_id: string };

/**
 * Plans a repeat postback against the stored conversion. Both stores call this, so SQLite and
 * PostgreSQL change a conversion the same way: new status, the passed comment, a fresh
 * hold_until when moved into hold, and the postback's time as updated_at.
 */
export function planRepeat(
  current: Conversion,
  command: Pick<RecordConversion, 'conversion' | 'passed_status' | 'passed_comment'>,
): RepeatPlan {
  const decision = decideExisting(current.status, command.passed_status);
  if (decision !== 'update') return { kind: decision, conversion_id: current.id };
  const status = command.passed_status as StatusCode;
  return {
    kind: 'updated',
    next: {
      ...current,
      status,
      comment: command.passed_comment ?? current.comment,
      hold_until: status === STATUS.hold ? command.conversion.hold_until : current.hold_until,
      updated_at: command.conversion.created_at,
    },
  };
}

/** What an admin's or the hold sweep's change does to the stored conversion. */
export type ChangePlan =
  | { kind: 'refused' }
  | { kind: 'unchanged'; current: Conversion }
  | { kind: 'changed'; next: Conversion };

/**
 * Plans a status and/or comment change (both stores call this). `only_if_status` guards the
 * sweep against a change made meanwhile; a change to what is already there changes nothing.
 */
export function planStatusChange(
  current: Conversion,
  command: Pick<SetConversionStatus, 'status' | 'comment' | 'only_if_status'>,
  now: number,
): ChangePlan {
  if (command.only_if_status !== undefined && current.status !== command.only_if_status) return { kind: 'refused' };
  const status = command.status ?? current.status;
  const comment = command.comment ?? current.comment;
  if (status === current.status && comment === current.comment) return { kind: 'unchanged', current };
  return { kind: 'changed', next: { ...current, status, comment, updated_at: now } };
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
