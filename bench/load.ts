/**
 * Load generation: autocannon (programmatic API) with our own bookkeeping on top. Every answer
 * is checked by the target's `check` (status, body, headers) and counted as ok or as an error of
 * a named kind; latencies are kept at sub-millisecond precision; every run is bounded by its
 * duration and, when it hands out a finite pool (click ids), by the pool's size.
 */
import autocannon from 'autocannon';

export type Headers = Record<string, string | string[] | undefined>;

/** Returns null when a body is what the target should give, else a short error label. */
export type BodyCheck = (body: string) => string | null;

export interface LoadSpec {
  /** e.g. `http://127.0.0.1:1234`; several: the connections (and amount) are split between them. */
  base: string | string[];
  method?: 'GET' | 'POST';
  /** A fixed path, or a function giving each request its own (null: the pool is exhausted). */
  path: string | (() => string | null);
  body?: (() => string) | null;
  headers?: Record<string, string>;
  /** The status a good answer has. */
  expectStatus: number;
  /** Checks the body of answers with the expected status; `onOk` sees good bodies. */
  checkBody?: BodyCheck | null;
  onOk?: ((body: string) => void) | null;
  connections: number;
  durationS: number;
  /** At most this many requests (a finite pool); 0: no limit but the duration. */
  amount?: number;
  /** Requests per second over all connections; 0: as fast as answered. */
  overallRate?: number;
}

export interface LoadResult {
  /** Answers (ok or not) per second over the run. */
  rps: number;
  /** Ok answers per second. */
  okRps: number;
  p50: number;
  p99: number;
  /** Percentiles of the good answers alone (where many answers are refusals, e.g. shed). */
  okP50: number;
  okP99: number;
  max: number;
  responses: number;
  ok: number;
  /** Wrong answers by kind, plus connection errors and timeouts. */
  errors: Map<string, number>;
  errorCount: number;
  elapsedS: number;
  /** True when the run stopped because its pool ran out, before its duration. */
  exhausted: boolean;
  /** CPU time of the load generator (this process) per second of the run: 1 = one full core. */
  clientCpu: number;
}

/** Growable list of latencies (ms). */
class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  /** Sorted copy. */
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function count(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * Runs one load; resolves when it is over (duration reached or pool used up).
 *
 * The per-answer bookkeeping is kept cheap, so that on a small machine the load generator costs
 * as little CPU as possible: the status and latency come from autocannon's `response` event and
 * the body from its `verifyBody` hook, which runs right after that event for the same answer;
 * headers are never converted.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const errors = new Map<string, number>();
  const latencies = new Samples();
  const okLatencies = new Samples();
  let lastLatency = 0;
  let responses = 0;
  let ok = 0;
  let exhausted = false;
  let lastAt = 0;
  let lastStatus = 0;
  const dynamicPath = typeof spec.path === 'function' ? spec.path : null;
  const fixedPath = typeof spec.path === 'string' ? spec.path : '/';
  const bodyOf = spec.body ?? null;
  const checkBody = spec.checkBody ?? null;
  const onOk = spec.onOk ?? null;

  const request: autocannon.Request = { method: spec.method ?? 'GET', path: fixedPath, headers: spec.headers };
  if (dynamicPath || bodyOf) {
    request.setupRequest = (req: autocannon.Request) => {
      const next: autocannon.Request = { ...req };
      if (dynamicPath) {
        const path = dynamicPath();
        if (path === null) {
          exhausted = true;
          next.path = fixedPath;
        } else next.path = path;
      }
      if (bodyOf) next.body = bodyOf();
      return next;
    };
  }
  // Called by autocannon for every answer, right after its `response` event (see lastStatus).
  const verifyBody = (raw: unknown): boolean => {
    const body = typeof raw === 'string' ? raw : String(raw ?? '');
    if (lastStatus !== spec.expectStatus) {
      count(errors, `HTTP ${lastStatus}${body ? `: ${body.slice(0, 80)}` : ''}`);
      return false;
    }
    const problem = checkBody ? checkBody(body) : null;
    if (problem !== null) {
      count(errors, problem);
      return false;
    }
    ok++;
    okLatencies.push(lastLatency);
    if (onOk) onOk(body);
    return true;
  };

  const bases = typeof spec.base === 'string' ? [spec.base] : spec.base;
  const amount = spec.amount && spec.amount > 0 ? Math.max(spec.connections, spec.amount) : 0;
  const share = (total: number, index: number) =>
    Math.floor(total / bases.length) + (index < total % bases.length ? 1 : 0);
  const firstAt = performance.now();
  const cpuBefore = process.cpuUsage();

  const runOne = (base: string, index: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      let stopTimer: NodeJS.Timeout | null = null;
      const connections = Math.max(1, share(spec.connections, index));
      const ownAmount = amount ? Math.max(connections, share(amount, index)) : 0;
      const instance = autocannon(
        {
          url: base,
          connections,
          pipelining: 1,
          timeout: 10,
          ...(ownAmount ? { amount: ownAmount } : { duration: spec.durationS }),
          ...(spec.overallRate ? { overallRate: Math.max(1, share(spec.overallRate, index)) } : {}),
          requests: [request],
          verifyBody: verifyBody as (body: autocannon.Request['body']) => boolean,
        },
        (error: unknown, result: autocannon.Result) => {
          if (stopTimer) clearTimeout(stopTimer);
          if (error) reject(error instanceof Error ? error : new Error(String(error)));
          else resolve(result);
        },
      );
      instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
        lastStatus = status;
        lastAt = performance.now();
        responses++;
        lastLatency = responseTime;
        latencies.push(responseTime);
      });
      // Every run is bounded in time, whatever its amount.
      if (ownAmount) stopTimer = setTimeout(() => instance.stop(), spec.durationS * 1000);
    });

  const results = await Promise.all(bases.map(runOne));
  const cpu = process.cpuUsage(cpuBefore);
  for (const result of results) {
    if (result.errors > 0) {
      const connectionErrors = result.errors - result.timeouts;
      if (connectionErrors > 0) count(errors, 'connection errors', connectionErrors);
      if (result.timeouts > 0) count(errors, 'timeouts', result.timeouts);
    }
  }
  const sorted = latencies.sorted();
  const okSorted = okLatencies.sorted();
  const elapsedS = Math.max(0.001, ((lastAt || performance.now()) - firstAt) / 1000);
  const wallS = Math.max(0.001, (performance.now() - firstAt) / 1000);
  let errorCount = 0;
  for (const value of errors.values()) errorCount += value;
  return {
    rps: responses / elapsedS,
    okRps: ok / elapsedS,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    okP50: percentile(okSorted, 50),
    okP99: percentile(okSorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    responses,
    ok,
    errors,
    errorCount,
    elapsedS,
    exhausted: exhausted || (amount > 0 && responses >= amount && elapsedS < spec.durationS - 0.5),
    clientCpu: (cpu.user + cpu.system) / 1e6 / wallS,
  };
}

/** The value of a header whatever its case (autocannon keeps the server's spelling). */
export function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) {
      const value = headers[key];
      return Array.isArray(value) ? value[0] : value;
    }
  }
  return undefined;
}

/** Checks a postback answer's body: `{"status":1,…}`; anything else is an error named by its text. */
export const checkPostbackBody: BodyCheck = (body) => {
  if (body.startsWith('{"status":1')) return null;
  try {
    const parsed = JSON.parse(body) as { status?: unknown; error?: unknown };
    if (parsed.status === 1) return null;
    return `status ${String(parsed.status)}: ${String(parsed.error ?? '?')}`;
  } catch {
    return `not JSON: ${body.slice(0, 60)}`;
  }
};

/** The conversion id in a `{"status":1,…}` answer, or null. */
export function conversionIdOf(body: string): string | null {
  const match = /"conversion_id":"([^"]+)"/.exec(body);
  return match ? match[1] : null;
}

/** A finite supply of click ids, each handed out once across every load that draws from it. */
export class IdPool {
  private ids: string[];
  private next = 0;
  constructor(ids: string[] = []) {
    this.ids = ids;
  }
  take(): string | null {
    return this.next < this.ids.length ? this.ids[this.next++] : null;
  }
  get remaining(): number {
    return this.ids.length - this.next;
  }
  add(ids: string[]): void {
    this.ids = this.ids.slice(this.next).concat(ids);
    this.next = 0;
  }
}
