/**
 * Load shedding: at most `maxInFlight` requests are being handled at once per process; one more
 * is answered `503` with `Retry-After` at once, before any routing, parsing of its body or
 * database work. So a load beyond what the machine serves never becomes a queue in memory (the
 * SQLite group commit's backlog, PostgreSQL's pool waiters and the event loop's work all stay
 * bounded by the requests admitted), admitted requests keep their latency, and the process
 * serves normally again the moment the load falls. A shed request recorded nothing: the caller
 * retries it (docs/hardening.md, "Overload").
 *
 * Counted in the HTTP server's own request handler (Fastify's serverFactory): one comparison and
 * one listener per request, no Fastify hook on the tracking hot path.
 */
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import { errorBody } from './errors.js';

/** Seconds a shed caller is asked to wait: load peaks pass in moments. */
export const SHED_RETRY_AFTER_S = 1;

const SHED_BODY = JSON.stringify(errorBody('Overloaded: nothing was recorded, retry later'));
const SHED_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(Buffer.byteLength(SHED_BODY)),
  'retry-after': String(SHED_RETRY_AFTER_S),
};

/** What the guard saw; read by /metrics. */
export interface LoadCounters {
  inFlight: number;
  shed: number;
}

interface FastifyServerOptions {
  http?: ServerOptions;
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

/** A serverFactory whose server sheds requests beyond `maxInFlight`; 0 admits every request. */
export function sheddingServer(maxInFlight: number, counters: LoadCounters): FastifyServerFactory {
  return (handler, options) => {
    const opts = options as FastifyServerOptions;
    const done = () => {
      counters.inFlight--;
    };
    const guarded = (request: IncomingMessage, response: ServerResponse) => {
      if (maxInFlight > 0 && counters.inFlight >= maxInFlight) {
        counters.shed++;
        response.writeHead(503, SHED_HEADERS).end(SHED_BODY);
        return;
      }
      counters.inFlight++;
      // 'close' follows the end of every response, and a connection dropped before it.
      response.once('close', done);
      handler(request, response);
    };
    // As Fastify sets up its own server when no factory is given.
    const server: Server = createServer(opts.http ?? {}, guarded);
    if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout;
    if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout;
    server.setTimeout(opts.connectionTimeout ?? 0);
    if (opts.maxRequestsPerSocket && opts.maxRequestsPerSocket > 0) {
      server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
    }
    return server;
  };
}
