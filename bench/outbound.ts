/**
 * The outbound side: a local sink (an affiliate's postback endpoint, in the bench process) that
 * notes when each affiliate postback arrives, keyed by the conversion id in its URL.
 */
import { createServer, type Server } from 'node:http';
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
  waitFor(count: number, timeoutMs: number, idleMs = Infinity): Promise<boolean> {
    return this.waitUntil(() => this.arrivals.size >= count, timeoutMs, idleMs);
  }

  /** Waits until the postbacks of every conversion id in `ids` have arrived (see waitFor). */
  waitForIds(ids: Iterable<string>, timeoutMs: number, idleMs = Infinity): Promise<boolean> {
    const waiting = new Set(ids);
    return this.waitUntil(
      () => {
        for (const id of waiting) if (this.arrivals.has(id)) waiting.delete(id);
        return waiting.size === 0;
      },
      timeoutMs,
      idleMs,
    );
  }

  /** Polls `done` until true, `timeoutMs` passes, or no postback arrives for `idleMs`. */
  private async waitUntil(done: () => boolean, timeoutMs: number, idleMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let lastSize = -1;
    let lastChange = Date.now();
    while (!done()) {
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
