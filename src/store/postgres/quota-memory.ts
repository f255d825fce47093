/**
 * What a process last knew of the room left in its writers' quota rows (cap-quotas.ts), so a
 * batch that cannot fit goes the long way at once instead of writing itself in the short way's
 * statement only to have it undone (an offer past its cap, whose every batch would do both).
 * Other writers only ever take quota back, so the room known here is never less than the row's:
 * a batch it turns away could not have fit, and one it lets through may still fail and go the
 * long way. A row it knows nothing of (a new process, or too many rows) is tried.
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { counterId } from '../cap-sql.js';
import type { CounterTotal } from '../cap-tally.js';
import type { Settlement } from './cap-quotas.js';

const MAX_REMEMBERED = 10_000;

const keyOf = (own: number, touch: CapTouch) => `${own}\u0002${counterId(touch)}`;

export class QuotaMemory {
  private readonly room = new Map<string, number>();

  /** Whether a batch's takes, summed per counter (takenTotals), may fit in the rows of `own`. */
  mayFit(own: number, totals: readonly CounterTotal[]): boolean {
    return totals.every(({ touch, total, beforeLast }) => {
      const room = this.room.get(keyOf(own, touch));
      return room === undefined || (total <= room && beforeLast < room);
    });
  }

  /** The short way took these totals from the rows of `own`. */
  took(own: number, totals: readonly CounterTotal[]): void {
    for (const { touch, total } of totals) {
      const key = keyOf(own, touch);
      const room = this.room.get(key);
      if (room !== undefined) this.room.set(key, room - total);
    }
  }

  /** The long way left these rows of `own` with their grant as room. */
  settled(own: number, settlements: readonly Settlement[]): void {
    if (this.room.size + settlements.length > MAX_REMEMBERED) this.room.clear();
    for (const { touch, grant } of settlements) this.room.set(keyOf(own, touch), grant);
  }
}
