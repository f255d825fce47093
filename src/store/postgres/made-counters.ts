/**
 * The cap counters a process has made. Counter rows are never deleted, so a counter made once
 * need not be made again: a busy offer's batches skip the statement. Past MAX_REMEMBERED (old
 * windows pile up) all are forgotten, and making one again is a key lookup that does nothing.
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { counterId, distinctTouches } from '../cap-sql.js';

const MAX_REMEMBERED = 10_000;

export class MadeCounters {
  private readonly ids = new Set<string>();

  /** The touches of counters not known to be made, one per counter. */
  missing(touches: readonly CapTouch[]): CapTouch[] {
    return distinctTouches(touches).filter((touch) => !this.ids.has(counterId(touch)));
  }

  /** Counters whose rows are committed. */
  remember(touches: readonly CapTouch[]): void {
    if (this.ids.size + touches.length > MAX_REMEMBERED) this.ids.clear();
    for (const touch of touches) this.ids.add(counterId(touch));
  }
}
