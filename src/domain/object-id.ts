/**
 * Time-ordered ids, the one kind of id Trackpost makes for what it logs: click ids, conversion
 * ids, postback log ids, outbound job ids and audit ids. 24 lower-case hex characters in the
 * ObjectId layout (4-byte big-endian Unix seconds, 5 random bytes per process, 3-byte counter).
 * Time comes first, so ids sort by creation time; retention deletes rows by id range and needs
 * no time index.
 *
 * Ids are stored in lower case and accepted in either case: objectIdKey is the one place that
 * turns an id given from outside into its stored form.
 */
import { randomBytes } from 'node:crypto';

const processBytes = randomBytes(5);
let counter = randomBytes(3).readUIntBE(0, 3);

/** A new id for the given time (defaults to now). */
export function newObjectId(nowMs: number = Date.now()): string {
  const id = Buffer.allocUnsafe(12);
  id.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 0);
  processBytes.copy(id, 4);
  counter = (counter + 1) & 0xffffff;
  id.writeUIntBE(counter, 9, 3);
  return id.toString('hex');
}

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** True for 24 hex characters, either case. */
export function isObjectId(text: string): boolean {
  return OBJECT_ID.test(text);
}

/**
 * The form an id is stored and compared in (lower case), for an id given from outside in either
 * case. Text that is no id comes back lowered too, and so still matches nothing.
 */
export function objectIdKey(text: string): string {
  return text.toLowerCase();
}

/** The Unix time (ms) encoded in an id. */
export function objectIdTime(id: string): number {
  return parseInt(id.slice(0, 8), 16) * 1000;
}

/** The last second an id's 4-byte time can hold: 2106-02-07T06:28:15Z. */
export const LAST_ID_SECOND = 0xffffffff;

/**
 * The smallest id that can have been made at or after `ms`: the bound of date ranges and range
 * deletes. Times outside what an id can hold are held at its ends (1970 and
 * 2106-02-07T06:28:15Z), so a range to 9999-12-31 reads as "to the last id there can be"
 * instead of wrapping around to an empty range.
 */
export function objectIdLowerBound(ms: number): string {
  const seconds = Math.min(Math.max(Math.floor(ms / 1000), 0), LAST_ID_SECOND);
  return seconds.toString(16).padStart(8, '0') + '0'.repeat(16);
}
