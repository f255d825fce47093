/**
 * Periodic sweeps: the hold sweep approves conversions whose hold period has passed (docs/api.md,
 * "Hold": "within a minute"), the retention sweep removes clicks, log rows and finished outbound
 * rows older than LOG_RETENTION_DAYS. Each runs under a named exclusive lock, so many processes
 * never run one sweep at once, and a failing pass is logged and tried again at the next tick.
 */
import type { AppContext } from '../context.js';
import { STATUS } from '../domain/status.js';

/** How often each sweep runs; tests pass shorter ones. */
export interface SweepTimings {
  holdMs: number;
  retentionMs: number;
  /** The first retention pass waits a little, so a start is not slowed by a large purge. */
  retentionFirstMs: number;
}

const TIMINGS: SweepTimings = { holdMs: 15_000, retentionMs: 3_600_000, retentionFirstMs: 30_000 };
const HOLD_BATCH = 500;
const DAY_MS = 86_400_000;

/** One hold pass: approves every due hold; returns how many were approved. */
export async function runHoldSweep(ctx: AppContext, now: number = Date.now()): Promise<number> {
  let approved = 0;
  await ctx.store.maintenance.exclusive('hold-sweep', async () => {
    for (;;) {
      const due = await ctx.store.conversions.dueHolds(now, HOLD_BATCH);
      let moved = 0;
      for (const conversion of due) {
        try {
          // only_if_status: an admin or the advertiser may have moved it since it was read.
          const changed = await ctx.store.conversions.setStatus({
            id: conversion.id,
            status: STATUS.approved,
            only_if_status: STATUS.hold,
            integration: 'hold',
          });
          if (changed.conversion) approved++;
          moved++;
        } catch (error) {
          // One bad conversion must not keep the others in hold.
          ctx.logger.error({ err: error, conversion_id: conversion.id }, 'hold sweep could not approve a conversion');
        }
      }
      if (due.length < HOLD_BATCH || moved === 0) return;
    }
  });
  return approved;
}

/** One retention pass: removes what is older than LOG_RETENTION_DAYS. */
export async function runRetentionSweep(ctx: AppContext, now: number = Date.now()) {
  let removed = { clicks: 0, postbacks: 0, outbound: 0 };
  await ctx.store.maintenance.exclusive('retention', async () => {
    removed = await ctx.store.maintenance.purgeBefore(now - ctx.config.logRetentionDays * DAY_MS);
  });
  return removed;
}

/** Starts both sweeps on unref'd timers; `stop` waits for a running pass to end. */
export function startSweeps(ctx: AppContext, timings: SweepTimings = TIMINGS): { stop(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  function every(name: string, firstMs: number, periodMs: number, pass: () => Promise<unknown>): void {
    const tick = () => {
      if (stopped) return;
      const run = pass()
        .catch((error: unknown) => {
          const err = error instanceof Error ? error : new Error(String(error));
          ctx.logger.error({ err, sweep: name }, 'sweep failed; trying again at the next tick');
        })
        .finally(() => {
          running.delete(run);
          if (!stopped) schedule(periodMs);
        });
      running.add(run);
    };
    const schedule = (ms: number) => {
      const timer = setTimeout(tick, ms);
      timer.unref();
      timers.set(name, timer);
    };
    schedule(firstMs);
  }

  every('hold', timings.holdMs, timings.holdMs, () => runHoldSweep(ctx));
  every('retention', timings.retentionFirstMs, timings.retentionMs, () => runRetentionSweep(ctx));

  return {
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.all(running);
    },
  };
}
