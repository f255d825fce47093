/**
 * The delivery worker: claims due outbound jobs under a lease, sends them, records every attempt
 * and schedules retries (docs/api.md, "Delivery"). Several workers (in one process or many) share
 * the outbox safely: a claimed job is leased, and a job whose worker died is taken again when the
 * lease runs out. Delivery is at least once; receivers drop repeats by Idempotency-Key.
 */
import type { AppContext } from '../context.js';
import type { OutboundJob } from '../domain/entities.js';
import { HostLimiter, hostKey } from './host-limiter.js';
import { nextState } from './retry-policy.js';
import { createSender } from './sender.js';

/**
 * Wait between polls when nothing was due. Committed jobs wake the worker at once
 * (store.outbound.onQueued: this process's, and on PostgreSQL other processes' too); the poll
 * finds the rest: retries coming due, expired leases, a missed wake-up.
 */
const IDLE_POLL_MS = 100;
/** Most jobs taken in one claim. */
const MAX_BATCH = 100;
/** Longest pause after repeated failures of the loop itself (a database that is down). */
const MAX_ERROR_PAUSE_MS = 5_000;

export interface DeliveryWorker {
  /** Stops claiming, lets requests in flight finish, gives unstarted claimed jobs back. */
  stop(): Promise<void>;
}

export interface DeliveryWorkerOptions {
  idlePollMs?: number;
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

export function startDeliveryWorker(ctx: AppContext, options: DeliveryWorkerOptions = {}): DeliveryWorker {
  const { config, store, metrics, logger } = ctx;
  const idlePollMs = options.idlePollMs ?? IDLE_POLL_MS;
  const sender = createSender({
    timeoutMs: config.deliveryTimeoutMs,
    connectionsPerHost: config.deliveryHostConcurrency,
    allowPrivate: config.outboundAllowPrivate,
  });
  const hosts = new HostLimiter(config.deliveryHostConcurrency);
  const active = new Set<Promise<void>>();
  const toRelease: string[] = [];
  let stopping = false;
  let wake: (() => void) | null = null;
  /** Set when jobs are committed: an idle pause ends at once, a busy loop claims again. */
  let queued = false;
  let idle = false;
  const stopListening = store.outbound.onQueued(() => {
    queued = true;
    if (idle) wake?.();
  });

  /** A pause that stop() cuts short. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function deliver(job: OutboundJob): Promise<void> {
    const host = hostKey(job.url);
    if (!(await hosts.acquire(host))) {
      toRelease.push(job.id);
      return;
    }
    let hostReleased = false;
    try {
      if (stopping) {
        toRelease.push(job.id);
        return;
      }
      // Waiting for a busy host may eat the lease; a request that could outlive it might run
      // twice (another worker may take the job), so give the job back for a fresh claim. With a
      // lease shorter than the timeout (a setting meant for tests) every request could, so send.
      const leaseOutlivesRequest = config.deliveryLeaseMs > config.deliveryTimeoutMs;
      if (
        leaseOutlivesRequest &&
        job.lease_until !== null &&
        Date.now() + config.deliveryTimeoutMs >= job.lease_until
      ) {
        await store.outbound.release([job.id]);
        return;
      }
      const at = Date.now();
      const outcome = await sender.send(job);
      // The host's slot limits requests to it, not the bookkeeping after: free it before the write.
      hosts.release(host);
      hostReleased = true;
      const attempt = job.attempts + 1;
      const next = nextState(outcome, attempt, config.deliveryBackoffMs, Date.now());
      await store.outbound.complete({
        job_id: job.id,
        attempt,
        at,
        http_code: outcome.kind === 'answered' ? outcome.httpCode : 0,
        error: outcome.error,
        duration_ms: outcome.durationMs,
        pause_after: config.outboundPauseAfter,
        ...next,
      });
      metrics.deliveries.inc({ kind: job.kind, state: next.state });
      metrics.deliveryDuration.observe({ kind: job.kind }, outcome.durationMs / 1000);
    } catch (error) {
      // The job stays leased; another attempt follows when the lease runs out.
      logger.error({ err: asError(error), job: job.id }, 'outbound delivery could not be recorded');
    } finally {
      if (!hostReleased) hosts.release(host);
    }
  }

  function track(job: OutboundJob): void {
    const task = deliver(job).finally(() => active.delete(task));
    active.add(task);
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      try {
        const free = config.deliveryConcurrency - active.size;
        if (free <= 0) {
          await Promise.race(active);
          continue;
        }
        const want = Math.min(free, MAX_BATCH);
        queued = false;
        const jobs = await store.outbound.claim(Date.now(), want, config.deliveryLeaseMs);
        if (stopping) {
          toRelease.push(...jobs.map((job) => job.id));
          break;
        }
        for (const job of jobs) track(job);
        failures = 0;
        // A full batch means more may be due: claim again at once. So do jobs committed meanwhile.
        if (jobs.length < want && !queued) {
          idle = true;
          await pause(idlePollMs);
          idle = false;
        }
      } catch (error) {
        failures++;
        logger.error({ err: asError(error) }, 'outbound worker loop failed; pausing');
        await pause(Math.min(MAX_ERROR_PAUSE_MS, 100 * 2 ** Math.min(failures, 10)));
      }
    }
  }

  async function shutdown(): Promise<void> {
    stopping = true;
    stopListening();
    wake?.();
    hosts.rejectWaiting();
    await running;
    await Promise.allSettled([...active]);
    await store.outbound
      .release(toRelease.splice(0))
      .catch((error) => logger.error({ err: asError(error) }, 'releasing claimed outbound jobs failed'));
    await sender.close();
  }

  const running = loop();
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= shutdown();
      return stopped;
    },
  };
}
