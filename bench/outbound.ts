/**
 * The outbound side: a local sink (an affiliate's postback endpoint, in the bench process) that
 * notes when each affiliate postback arrives, keyed by the conversion id in its URL.
 */
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export class Sink {
  /** conversion id -> performance.now() of its first arrival */
  readonly arrivals = new Map<string, number>();
  requests = 0;
  repeats = 0;
  firstAt = 0;
  lastAt = 0;
  private server: Server | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const now = performance.now();
      this.requests++;
      if (this.firstAt === 0) this.firstAt = now;
      this.lastAt = now;
      const match = /[?&]cid=([^&]+)/.exec(req.url ?? '');
      if (match) {
        const id = decodeURIComponent(match[1]);
        if (this.arrivals.has(id)) this.repeats++;
        else this.arrivals.set(id, now);
      }
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
    });
    this.server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The affiliate postback URL template pointing here. */
  urlTemplate(): string {
    return `http://127.0.0.1:${this.port}/pb?cid={conversion_id}&clickid={clickid}&status={status}&payout={payout}`;
  }

  reset(): void {
    this.arrivals.clear();
    this.requests = 0;
    this.repeats = 0;
    this.firstAt = 0;
    this.lastAt = 0;
  }

  /** Waits until `count` distinct postbacks have arrived, or `timeoutMs` passes; true when reached. */
  async waitFor(count: number, timeoutMs: number, idleMs = Infinity): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let lastSize = -1;
    let lastChange = Date.now();
    while (this.arrivals.size < count) {
      if (Date.now() > deadline) return false;
      if (this.arrivals.size !== lastSize) {
        lastSize = this.arrivals.size;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > idleMs) {
        return false;
      }
      await sleep(50);
    }
    return true;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}

export interface PacedResult {
  sent: number;
  ok: number;
  errors: Map<string, number>;
  /** Sorted latencies (ms) of the answers. */
  latencies: number[];
  /** Achieved rate of good answers per second. */
  okRps: number;
}

/**
 * An open-loop load at a steady rate: requests leave evenly spaced (checked every few ms), not
 * in a burst at the start of each second as autocannon's rate limit sends them, so that the
 * time from an answer to the sink measures the pipeline and not the burst. Bounded by
 * `durationS` and by `nextPath` running out; in-flight requests time out after 10 s.
 */
export async function pacedLoad(options: {
  base: string;
  rate: number;
  durationS: number;
  nextPath: () => string | null;
  /** Called for every answer; returns null when good, else an error label. */
  onAnswer: (status: number, body: string, answeredAt: number) => string | null;
}): Promise<PacedResult> {
  const url = new URL(options.base);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const errors = new Map<string, number>();
  const latencies: number[] = [];
  const fail = (label: string) => errors.set(label, (errors.get(label) ?? 0) + 1);
  let sent = 0;
  let ok = 0;
  let inFlight = 0;
  let lastAnswerAt = 0;
  const started = performance.now();

  const send = (path: string) => {
    const sentAt = performance.now();
    sent++;
    inFlight++;
    const request = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const answeredAt = performance.now();
        lastAnswerAt = answeredAt;
        inFlight--;
        latencies.push(answeredAt - sentAt);
        const problem = options.onAnswer(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), answeredAt);
        if (problem === null) ok++;
        else fail(problem);
      });
    });
    request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
    request.on('error', (error) => {
      inFlight--;
      fail(error.message === 'timeout' ? 'timeouts' : 'connection errors');
    });
    request.end();
  };

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsedS = (performance.now() - started) / 1000;
      if (elapsedS >= options.durationS) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor(elapsedS * options.rate) - sent;
      for (let i = 0; i < due; i++) {
        const path = options.nextPath();
        if (path === null) {
          clearInterval(timer);
          resolve();
          return;
        }
        send(path);
      }
    }, 2);
  });
  const deadline = performance.now() + 15_000;
  while (inFlight > 0 && performance.now() < deadline) await sleep(20);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const spanS = Math.max(0.001, ((lastAnswerAt || performance.now()) - started) / 1000);
  return { sent, ok, errors, latencies, okRps: ok / spanS };
}
