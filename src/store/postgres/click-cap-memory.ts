/**
 * What a PostgreSQL process remembers of clicks cap counters, so that the check of a click far
 * below its cap reads no database. Other processes add clicks to the same counter meanwhile, so
 * a remembered value (the last read plus the clicks this process has stored since) is used only
 * while it is young (MAX_AGE_MS) and while even twice the rate at which the other processes
 * have been adding clicks could not have brought it to the limit since the read. Near the limit
 * every check reads, as without this memory. Only a burst of the other processes beyond twice
 * their measured rate can let clicks past the cap, at most what that burst stores within
 * MAX_AGE_MS: clicks caps may overshoot by clicks in flight, and these are the clicks the
 * others have in flight, seen a little late.
 *
 * A clicks counter never goes down within its window, so a remembered value at the limit stays
 * reached (a later window is another counter).
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { counterId } from '../cap-sql.js';

/** How long a read may stand in for the database. */
export const MAX_AGE_MS = 100;

/** The shortest span the other processes' rate is measured over (a shorter one is mostly noise). */
export const RATE_SPAN_MS = 100;

/** Counters remembered at most; beyond, all forgotten (old windows) and read again. */
const MAX_REMEMBERED = 10_000;

interface Remembered {
  /** The value read, plus the clicks this process has stored into the counter since. */
  value: number;
  readAt: number;
  /** Clicks per millisecond the other processes added over the last span; null until measured. */
  othersPerMs: number | null;
  /** Where the current rate span began: the value read then, and this process's clicks since. */
  spanStart: { value: number; at: number; own: number };
}

export class ClickCapMemory {
  private readonly counters = new Map<string, Remembered>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** The counter's value when the remembered one can stand in for a read; undefined otherwise. */
  known(touch: CapTouch): number | undefined {
    const entry = this.counters.get(counterId(touch));
    if (!entry) return undefined;
    if (entry.value >= touch.limit) return entry.value;
    if (entry.othersPerMs === null) return undefined;
    const age = this.clock() - entry.readAt;
    if (age > MAX_AGE_MS) return undefined;
    return entry.value + 2 * entry.othersPerMs * age < touch.limit ? entry.value : undefined;
  }

  /** A value just read from the database. */
  read(touch: CapTouch, value: number): void {
    const id = counterId(touch);
    const now = this.clock();
    const entry = this.counters.get(id);
    if (!entry) {
      if (this.counters.size >= MAX_REMEMBERED) this.counters.clear();
      this.counters.set(id, { value, readAt: now, othersPerMs: null, spanStart: { value, at: now, own: 0 } });
      return;
    }
    const span = now - entry.spanStart.at;
    if (span >= RATE_SPAN_MS) {
      const others = value - entry.spanStart.value - entry.spanStart.own;
      entry.othersPerMs = Math.max(0, others) / span;
      entry.spanStart = { value, at: now, own: 0 };
    }
    entry.value = value;
    entry.readAt = now;
  }

  /** Clicks this process has stored (committed), one per touch. */
  counted(touches: CapTouch[]): void {
    for (const touch of touches) {
      const entry = this.counters.get(counterId(touch));
      if (!entry) continue;
      entry.value += 1;
      entry.spanStart.own += 1;
    }
  }
}
