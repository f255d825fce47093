/**
 * Per-destination concurrency: one slow or flooded affiliate server must not take every
 * delivery slot of the process. A counting semaphore per host, created on demand.
 */

interface HostSlots {
  active: number;
  waiting: ((granted: boolean) => void)[];
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostSlots>();

  constructor(private readonly perHost: number) {}

  /** Waits for a slot of `host`; false when the limiter was closed meanwhile. */
  acquire(host: string): Promise<boolean> {
    let slots = this.hosts.get(host);
    if (!slots) {
      slots = { active: 0, waiting: [] };
      this.hosts.set(host, slots);
    }
    if (slots.active < this.perHost) {
      slots.active++;
      return Promise.resolve(true);
    }
    const queue = slots.waiting;
    return new Promise((resolve) => queue.push(resolve));
  }

  /** Gives a slot back, handing it straight to the next waiter of that host. */
  release(host: string): void {
    const slots = this.hosts.get(host);
    if (!slots) return;
    const next = slots.waiting.shift();
    if (next) {
      next(true);
      return;
    }
    slots.active--;
    if (slots.active === 0) this.hosts.delete(host);
  }

  /** Answers every waiter with false (shutdown: their jobs are given back, not sent). */
  rejectWaiting(): void {
    for (const slots of this.hosts.values()) {
      for (const waiter of slots.waiting.splice(0)) waiter(false);
    }
  }
}

/** The limiter key of a URL: host and port; unparsable URLs share one key. */
export function hostKey(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
