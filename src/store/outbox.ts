/**
 * The outbox as a property of the store: the fan-out rules (which outbound jobs a conversion
 * event causes) are given to it once at start, every conversion write asks it for the jobs of
 * its event inside the event's own transaction, and after the commit tells it which jobs were
 * queued. Whoever must react to queued jobs (the delivery worker's wake-up) listens here, so no
 * caller passes rules in or wraps a write to learn what it did.
 *
 * With a transport (PostgreSQL: NOTIFY and LISTEN), other processes' workers are told too.
 * Retries coming due, leases running out and anything a transport missed are found by the
 * worker's poll.
 */
import type { ConversionEvent, FanOut } from '../domain/commands.js';

/** How other processes learn of jobs committed here, and this one of theirs. */
export interface OutboxTransport {
  /** Jobs were committed here. */
  announce(): void;
  /**
   * Passes other processes' announcements to `listener` until the returned function is called.
   * One subscriber at a time: the Outbox subscribes once, while it has listeners.
   */
  subscribe(listener: () => void): () => void;
}

export class Outbox {
  private rules: FanOut | null = null;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly transport: OutboxTransport | null = null) {}

  /** Sets the fan-out rules (once, at start; see Store.setFanOut). */
  setRules(rules: FanOut): void {
    this.rules = rules;
  }

  /**
   * The jobs `event` causes; runs inside the event's transaction. Throws when no rules were
   * given: a conversion written without them would silently lose its postbacks.
   */
  jobsFor(event: ConversionEvent) {
    if (!this.rules) throw new Error('the store has no fan-out rules: call store.setFanOut() at start');
    return this.rules(event);
  }

  /** Called by the store after a commit that queued (or made due again) `count` jobs. */
  committed(count: number): void {
    if (count === 0) return;
    this.tellListeners();
    this.transport?.announce();
  }

  /** See OutboundRepo.onQueued. */
  onQueued(listener: () => void): () => void {
    this.listeners.add(listener);
    this.unsubscribe ??= this.transport?.subscribe(() => this.tellListeners()) ?? null;
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0 || !this.unsubscribe) return;
      this.unsubscribe();
      this.unsubscribe = null;
    };
  }

  private tellListeners(): void {
    for (const listener of this.listeners) listener();
  }
}
