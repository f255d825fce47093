/**
 * Telling this process's delivery worker that a write here has just committed outbound jobs,
 * so it claims them at once instead of at its next idle poll: an affiliate postback then leaves
 * milliseconds after the advertiser's postback, not up to a poll interval later.
 *
 * Both stores wrap their conversion and outbound repositories with it. It only watches: the
 * jobs are written by the store in the event's own transaction (the outbox) either way. With a
 * transport (PostgreSQL: NOTIFY and LISTEN), other processes' workers are told too. Retries
 * coming due, leases running out and anything a transport missed are found by the worker's poll.
 */
import type { ConversionRepo, FanOut, OutboundRepo } from './store.js';

/** An outbound repository before the signal is added. */
export type UnsignalledOutbound = Omit<OutboundRepo, 'onQueued'>;

/** How other processes learn of jobs committed here, and this one of theirs. */
export interface OutboxTransport {
  /** Jobs were committed here. */
  announce(): void;
  /**
   * Passes other processes' announcements to `listener` until the returned function is called.
   * One subscriber at a time: signalQueuedJobs subscribes once, while it has listeners.
   */
  subscribe(listener: () => void): () => void;
}

export function signalQueuedJobs(
  conversions: ConversionRepo,
  outbound: UnsignalledOutbound,
  transport: OutboxTransport | null = null,
): { conversions: ConversionRepo; outbound: OutboundRepo } {
  const listeners = new Set<() => void>();
  const tellListeners = () => {
    for (const listener of listeners) listener();
  };
  const notify = () => {
    tellListeners();
    transport?.announce();
  };
  let unsubscribe: (() => void) | null = null;

  /**
   * Runs a conversion write with a fan-out that notes whether it made jobs, and notifies once
   * the write has resolved, which each store does only after its commit. A write run twice (a
   * retried batch) or rolled back at most wakes the worker for nothing.
   */
  async function watched<T>(fanOut: FanOut, write: (fanOut: FanOut) => Promise<T>): Promise<T> {
    let queued = false;
    const result = await write((event) => {
      const jobs = fanOut(event);
      if (jobs.length > 0) queued = true;
      return jobs;
    });
    if (queued) notify();
    return result;
  }

  return {
    conversions: {
      ...conversions,
      record: (command) => watched(command.fanOut, (fanOut) => conversions.record({ ...command, fanOut })),
      setStatus: (command) => watched(command.fanOut, (fanOut) => conversions.setStatus({ ...command, fanOut })),
    },
    outbound: {
      ...outbound,
      async resend(id, now) {
        const job = await outbound.resend(id, now);
        if (job) notify();
        return job;
      },
      onQueued(listener) {
        listeners.add(listener);
        unsubscribe ??= transport?.subscribe(tellListeners) ?? null;
        return () => {
          listeners.delete(listener);
          if (listeners.size > 0 || !unsubscribe) return;
          unsubscribe();
          unsubscribe = null;
        };
      },
    },
  };
}
