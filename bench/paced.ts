/**
 * An open-loop load at a steady rate, for latency "at a given rate": requests leave evenly
 * spaced whatever the answers do (checked every millisecond), not in a burst at the start of
 * each second as autocannon's rate limit sends them, and not only when a connection frees up
 * as a closed loop does. A request's latency runs from the moment it is handed to the pool, so
 * time spent waiting for a free connection counts.
 *
 * undici's Pool carries the requests: the cheapest HTTP client at hand, about half a core at
 * 8,000 requests per second here. That is also why the bench paces only /postback (and the
 * baseline, for the generator's own share of the latency): at 20,000/s the generator alone
 * would need most of a core, on the two the server uses too.
 */
import { Pool } from 'undici';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkPostbackBody, conversionIdOf } from './load.js';

export interface PacedOptions {
  base: string;
  rate: number;
  /** Seconds at the same rate, on the same connections, before the measured ones. */
  warmupS: number;
  durationS: number;
  /** The paths to request, in order (the load stops when they run out), or one path for all. */
  paths: string[] | { every: string };
  /** `redirect`: a 302 is good. `postback`: a 200 with {"status":1,…}; its conversion id is kept. */
  expect: 'redirect' | 'postback';
  /** Connections kept open to the server (256). */
  connections?: number;
}

export interface PacedResult {
  /** Requests sent in the measured seconds. */
  sent: number;
  ok: number;
  errors: Map<string, number>;
  /** Sorted latencies (ms) of the measured answers. */
  latencies: number[];
  /** Sorted latencies (ms) of the measured good answers alone. */
  okLatencies: number[];
  /** Achieved rate of good answers per second. */
  okRps: number;
  /** CPU time of the load generator per second of the run: 1 = one full core. */
  clientCpu: number;
  /** For `postback`: conversion id -> performance.now() when its answer arrived. */
  answeredAt: Map<string, number>;
}

const TIMEOUT_MS = 10_000;

export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const pool = new Pool(options.base, {
    connections: options.connections ?? 256,
    pipelining: 1,
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
  const paths = options.paths;
  const nextPath = Array.isArray(paths) ? (index: number) => paths[index] ?? null : () => paths.every;
  const errors = new Map<string, number>();
  const latencies: number[] = [];
  const okLatencies: number[] = [];
  const answeredAt = new Map<string, number>();
  const fail = (label: string) => errors.set(label, (errors.get(label) ?? 0) + 1);
  let sent = 0;
  let ok = 0;
  let inFlight = 0;
  let lastAnswerAt = 0;

  const check = (status: number, body: string, at: number, measured: boolean): string | null => {
    if (options.expect === 'redirect') return status === 302 ? null : `HTTP ${status}`;
    if (status !== 200) return `HTTP ${status}: ${body.slice(0, 80)}`;
    const problem = checkPostbackBody(body);
    const id = problem === null && measured ? conversionIdOf(body) : null;
    if (id) answeredAt.set(id, at);
    return problem;
  };

  /** Warm-up requests go out the same way; only their errors are counted. */
  const send = (path: string, measured: boolean) => {
    const sentAt = performance.now();
    inFlight++;
    pool
      .request({ path, method: 'GET' })
      .then(
        async (response) => {
          const body = await response.body.text();
          const at = performance.now();
          const problem = check(response.statusCode, body, at, measured);
          if (problem !== null) fail(problem);
          if (!measured) return;
          lastAnswerAt = at;
          latencies.push(at - sentAt);
          if (problem === null) {
            ok++;
            okLatencies.push(at - sentAt);
          }
        },
        (error: unknown) => {
          const code = (error as { code?: string }).code ?? '';
          fail(code.includes('TIMEOUT') ? 'timeouts' : 'connection errors');
        },
      )
      .finally(() => {
        inFlight--;
      });
  };

  const begun = performance.now();
  const totalS = options.warmupS + options.durationS;
  let dispatched = 0;
  let started = 0;
  let cpuBefore = process.cpuUsage();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsedS = (performance.now() - begun) / 1000;
      if (elapsedS >= totalS) return resolve();
      const measured = elapsedS >= options.warmupS;
      if (measured && started === 0) {
        started = performance.now();
        cpuBefore = process.cpuUsage();
      }
      const due = Math.floor(elapsedS * options.rate) - dispatched;
      for (let i = 0; i < due; i++) {
        const path = nextPath(dispatched);
        if (path === null) return resolve();
        dispatched++;
        if (measured) sent++;
        send(path, measured);
      }
      setTimeout(tick, 1);
    };
    tick();
  });
  started ||= performance.now();
  const deadline = performance.now() + TIMEOUT_MS + 1000;
  while (inFlight > 0 && performance.now() < deadline) await sleep(20);
  const cpu = process.cpuUsage(cpuBefore);
  const wallS = Math.max(0.001, (performance.now() - started) / 1000);
  await pool.destroy();
  latencies.sort((a, b) => a - b);
  okLatencies.sort((a, b) => a - b);
  const spanS = Math.max(0.001, ((lastAnswerAt || performance.now()) - started) / 1000);
  return {
    sent,
    ok,
    errors,
    latencies,
    okLatencies,
    okRps: ok / spanS,
    clientCpu: (cpu.user + cpu.system) / 1e6 / wallS,
    answeredAt,
  };
}
