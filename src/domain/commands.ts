/**
 * The commands that change a conversion, and what they report back: an accepted postback to
 * record, an admin's or the hold sweep's status change, the event each causes and the outbound
 * jobs written with it. The store carries them out (store/store.ts); the rules that build and
 * judge them live beside them in domain/.
 */
import type { Conversion, ConversionIdentity, OutboundJobInput, PostbackLogRow } from './entities.js';
import type { StatusCode } from './status.js';

/** A conversion event: creation (previous_status null) or a status change. */
export interface ConversionEvent {
  conversion: Conversion;
  previous_status: StatusCode | null;
  /** What caused it: an advertiser postback, a pixel, an admin, or the hold sweep. */
  integration: 's2s' | 'c2s' | 'admin' | 'hold';
}

/**
 * Pure: the outbound jobs an event causes (the rules live in outbound/fan-out.ts). Given to the
 * store once at start (Store.setFanOut) and called inside the event's transaction.
 */
export type FanOut = (event: ConversionEvent) => OutboundJobInput[];

/** A job a conversion write queued, with the id it was written under. */
export interface QueuedJob {
  id: string;
  job: OutboundJobInput;
}

/** An accepted advertiser postback or pixel, to be applied atomically. */
export interface RecordConversion {
  /** The conversion to create when its identity is new. */
  conversion: Conversion;
  identity: ConversionIdentity;
  /** The status the postback passed explicitly; null when it passed none. */
  passed_status: StatusCode | null;
  /** The comment the postback passed, applied on update too. */
  passed_comment: string | null;
  /** The log row; the store fills `response` from the outcome before writing it. */
  log: PostbackLogRow;
}

export type RecordOutcome =
  | { kind: 'created' | 'updated'; conversion: Conversion }
  | { kind: 'exists' | 'not_pending'; conversion_id: string };

/** What recording a postback did: its outcome and the outbound jobs committed with it. */
export interface Recorded {
  outcome: RecordOutcome;
  queued: QueuedJob[];
}

/** An admin's or the hold sweep's change to one conversion. */
export interface SetConversionStatus {
  id: string;
  status?: StatusCode;
  comment?: string;
  /** Apply only while the conversion still has this status (the sweep's guard against races). */
  only_if_status?: StatusCode;
  integration: 'admin' | 'hold';
}

/** What a status change did: the conversion as it now is, and the jobs committed with it. */
export interface StatusSet {
  /** null when the conversion is unknown or `only_if_status` no longer holds. */
  conversion: Conversion | null;
  queued: QueuedJob[];
}
