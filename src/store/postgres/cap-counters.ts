/**
 * Cap counters on PostgreSQL, inside one conversion's transaction (the locking path and status
 * changes; batches of creations take theirs in conversion-create-capped.ts). A counter is the sum
 * of its rows, kept exact by the quota rule of cap-quotas.ts: a single take locks every row of
 * its counters and writes to the shared row (shard 0), as does a status change.
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { sortTouches } from '../cap-sql.js';
import { CapTally } from '../cap-tally.js';
import { lockAll, moveShared, revokeOthers, settle } from './cap-quotas.js';
import type { PgClient } from './connection.js';
import { decideUnderLock, settlements } from './quota-decision.js';

/** The shared row, which single takes and status changes write. */
const SHARED = 0;

/** Takes a unit of every counter, or none (null) when one is reached. */
export async function takeCapUnits(client: PgClient, touches: CapTouch[]): Promise<CapTouch[] | null> {
  const locked = await lockAll(client, touches, SHARED);
  const decision = decideUnderLock(locked, [touches]);
  if (decision.revoke) await revokeOthers(client, touches, SHARED);
  if (!new CapTally(decision.values).take(touches)) return null;
  await settle(client, settlements(locked, decision, touches, [touches], SHARED), SHARED);
  return touches;
}

/**
 * Moves each counter by `delta(touch)` on its shared row, in the order every take locks them (a
 * counter not yet made will count the change when it is).
 */
export async function moveCapCounters(
  client: PgClient,
  touches: CapTouch[],
  delta: (touch: CapTouch) => number,
): Promise<void> {
  for (const touch of sortTouches(touches)) await moveShared(client, touch, delta(touch));
}
