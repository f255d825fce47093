/**
 * A batch's cap takes, decided in memory against counter values locked for the whole batch.
 * The rule is takeCapUnits' (cap-sql.ts takeUnitSql): a counter gives a unit while its value is
 * below the limit, so a budget may pass its limit by the last payout; a conversion takes a unit
 * of every counter it joins, or none. Applied to the batch's conversions in order, it gives
 * what taking them one after another would.
 */
import type { CapTouch } from '../domain/cap-plan.js';
import { counterId, sortTouches } from './cap-sql.js';

export class CapTally {
  private readonly values: Map<string, number>;
  /** Whether a take left a counter above its limit (a budget's last payout may pass it). */
  passedLimit = false;

  /** `locked`: each counter's value by counterId, as read under the batch's lock. */
  constructor(locked: ReadonlyMap<string, number>) {
    this.values = new Map(locked);
  }

  /** Takes `touch.amount` of every counter, or nothing (false) when one is reached. */
  take(touches: CapTouch[]): boolean {
    const taken: CapTouch[] = [];
    for (const touch of sortTouches(touches)) {
      if (this.valueOf(touch) >= touch.limit) {
        for (const back of taken) this.add(back, -back.amount);
        return false;
      }
      this.add(touch, touch.amount);
      taken.push(touch);
    }
    if (taken.some((touch) => this.valueOf(touch) > touch.limit)) this.passedLimit = true;
    return true;
  }

  private valueOf(touch: CapTouch): number {
    const value = this.values.get(counterId(touch));
    if (value === undefined) throw new Error(`cap counter ${counterId(touch)} was not locked for this batch`);
    return value;
  }

  private add(touch: CapTouch, amount: number): void {
    this.values.set(counterId(touch), this.valueOf(touch) + amount);
  }
}

/** What one counter moves by when the conversions holding a batch's takes are stored. */
export interface CounterTotal {
  touch: CapTouch;
  /** The amounts of every take, summed. */
  total: number;
  /** The amounts of every take but the last: that one takes while the value plus this is below the limit. */
  beforeLast: number;
}

/** The takes (each conversion's touches, in batch order) summed per counter, in sortTouches order. */
export function takenTotals(takes: CapTouch[][]): CounterTotal[] {
  const totals = new Map<string, CounterTotal>();
  for (const touch of takes.flat()) {
    const id = counterId(touch);
    const entry = totals.get(id) ?? { touch, total: 0, beforeLast: 0 };
    entry.beforeLast = entry.total;
    entry.total += touch.amount;
    totals.set(id, entry);
  }
  return sortTouches([...totals.values()].map((entry) => entry.touch)).map((touch) => totals.get(counterId(touch))!);
}
