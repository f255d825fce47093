/**
 * A real local HTTP receiver for outbound postbacks: listens on 127.0.0.1, records every
 * request (method, URL, headers, body) and answers as the test scripts it (a status, a body,
 * or never answering at all).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface SinkRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How to answer one request; `hang` keeps it open until the sink closes. */
export interface SinkReply {
  status?: number;
  body?: string;
  hang?: boolean;
}

/** Decides the answer; `index` is the request's place in arrival order (0-based). */
export type SinkScript = (request: SinkRequest, index: number) => SinkReply;

export interface Sink {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request so far, in arrival order. */
  requests: SinkRequest[];
  /** Most requests that were open (received, not yet answered or dropped) at one time. */
  readonly maxOpen: number;
  /** Replaces the answering script (default: 200 "ok"). */
  respond(script: SinkScript): void;
  /** Resolves with the first request (past or future) matching; rejects after `timeoutMs`. */
  waitFor(predicate?: (request: SinkRequest) => boolean, timeoutMs?: number): Promise<SinkRequest>;
  /** Resolves once `count` requests match; rejects after `timeoutMs`. */
  waitForCount(
    count: number,
    predicate?: (request: SinkRequest) => boolean,
    timeoutMs?: number,
  ): Promise<SinkRequest[]>;
  close(): Promise<void>;
}

export async function startSink(script: SinkScript = () => ({})): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const listeners = new Set<() => void>();
  let current = script;
  let open = 0;
  let maxOpen = 0;

  const server = createServer((req, res) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    res.on('close', () => open--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SinkRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = requests.length;
      requests.push(request);
      for (const listener of listeners) listener();
      const reply = current(request, index);
      if (reply.hang) {
        hanging.add(res);
        return;
      }
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain' });
      res.end(reply.body ?? 'ok');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('sink has no address');

  function waitForCount(count: number, predicate: (request: SinkRequest) => boolean = () => true, timeoutMs = 30_000) {
    return new Promise<SinkRequest[]>((resolve, reject) => {
      const check = () => {
        const matching = requests.filter(predicate);
        if (matching.length < count) return false;
        cleanup();
        resolve(matching);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`sink: ${requests.filter(predicate).length} of ${count} expected requests after ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      const listener = () => void check();
      listeners.add(listener);
      check();
    });
  }

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    get maxOpen() {
      return maxOpen;
    },
    respond(next) {
      current = next;
    },
    async waitFor(predicate, timeoutMs) {
      const matching = await waitForCount(1, predicate, timeoutMs);
      return matching[0];
    },
    waitForCount,
    async close() {
      for (const res of hanging) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
