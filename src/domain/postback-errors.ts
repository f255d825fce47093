/**
 * The answers of an advertiser postback or pixel (docs/api.md, "Checks"). Texts are part of the
 * public API: advertisers' tools match on them, so they never change.
 */
import type { PostbackResponse } from './entities.js';

/** Every status-2 text, in the order the checks run. */
export const POSTBACK_ERROR = {
  /** Check 0 (ours): the body could not be read as a form or a JSON object. */
  malformedJson: 'Malformed body: invalid JSON',
  jsonNotObject: 'Malformed body: JSON must be an object of parameters',
  jsonTooDeep: 'Malformed body: JSON nested too deeply',
  bodyTooLarge: 'Malformed body: larger than 65536 bytes',
  unsupportedBody: 'Malformed body: send a form (application/x-www-form-urlencoded) or JSON',
  missingClickId: 'Missing mandatory parameter clickid',
  brokenClickId: 'Broken clickid (24 symbols expected)',
  clickNotFound: 'Click not found',
  accessDenied: 'Access denied',
  ipDenied: 'Current IP-address is denied',
  offerDisabled: 'Offer disabled',
  invalidGoal: 'Invalid goal value',
  goalNotFound: 'Goal not found',
  invalidStatus: 'Invalid status',
  invalidSum: 'Invalid sum',
  invalidCurrency: 'Invalid currency',
  /** Ours, within check 8: action_id is an identity key, so it is never cut. */
  invalidActionId: 'Invalid action_id (at most 255 characters)',
  lifespanExpired: 'Click session lifespan is expired',
  payoutNotFound: 'Payout not found',
  conversionExists: 'Conversion exists',
  notPending: 'Conversion status is not pending',
} as const;

export const CONVERSION_CREATED = 'Conversion created';
export const CONVERSION_UPDATED = 'Conversion updated';

/** `{"status":2,"error":"…"}` */
export function rejected(error: string): PostbackResponse {
  return { status: 2, error };
}

/** `{"status":1,"message":"Conversion created|updated","conversion_id":"…"}` */
export function accepted(kind: 'created' | 'updated', conversionId: string): PostbackResponse {
  return {
    status: 1,
    message: kind === 'created' ? CONVERSION_CREATED : CONVERSION_UPDATED,
    conversion_id: conversionId,
  };
}
