/**
 * What a writer decides against once every row of its counters is locked (cap-quotas.ts): the
 * counted total plus the quota other writers hold unused, unless that would decline a take or
 * pass a limit, in which case the others' quota is taken back first and the true total decides.
 * Pure, so the rule is tested without a database.
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { counterId, distinctTouches } from '../cap-sql.js';
import { CapTally } from '../cap-tally.js';
import type { LockedCounter, Settlement } from './cap-quotas.js';

/** The values to decide against, and whether the others' quota must be taken back first. */
export interface QuotaDecision {
  values: Map<string, number>;
  revoke: boolean;
}

const withReserved = (locked: ReadonlyMap<string, LockedCounter>) =>
  new Map([...locked].map(([id, counter]) => [id, counter.total + counter.reservedByOthers]));

const totals = (locked: ReadonlyMap<string, LockedCounter>) =>
  new Map([...locked].map(([id, counter]) => [id, counter.total]));

/**
 * `takes`: the touches of each conversion that would take units, in order. Taking them beside
 * the others' quota keeps the rule (total plus unused quota within the limit) only when none is
 * declined and none passes a limit; otherwise the quota is revoked and the true totals decide.
 */
export function decideUnderLock(locked: ReadonlyMap<string, LockedCounter>, takes: CapTouch[][]): QuotaDecision {
  const beside = withReserved(locked);
  const tally = new CapTally(beside);
  const fits = takes.every((touches) => tally.take(touches)) && !tally.passedLimit;
  return fits ? { values: beside, revoke: false } : { values: totals(locked), revoke: true };
}

/**
 * What the writer leaves on its own row of each counter: what it took, and as quota half of
 * what neither the counted total nor the others' quota holds (none on the shared row, shard 0).
 * `touches`: every counter decided; `took`: the takes of the conversions stored.
 */
export function settlements(
  locked: ReadonlyMap<string, LockedCounter>,
  decision: QuotaDecision,
  touches: CapTouch[],
  took: CapTouch[][],
  own: number,
): Settlement[] {
  const taken = new Map<string, number>();
  for (const touch of took.flat()) taken.set(counterId(touch), (taken.get(counterId(touch)) ?? 0) + touch.amount);
  return distinctTouches(touches).map((touch) => {
    const id = counterId(touch);
    const counter = locked.get(id);
    if (!counter) throw new Error(`cap counter ${id} was not locked for this batch`);
    const took = taken.get(id) ?? 0;
    const reserved = decision.revoke ? 0 : counter.reservedByOthers;
    const free = touch.limit - counter.total - took - reserved;
    return { touch, taken: took, grant: own !== 0 ? Math.max(0, Math.floor(free / 2)) : 0 };
  });
}
