/**
 * The HTTP side of delivery: one request per attempt over a shared keep-alive undici Agent,
 * with the address guard in its socket lookup, a hard timeout, no redirects, the
 * Idempotency-Key header and, for signed POSTs, the Standard Webhooks headers.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { OutboundJob } from '../domain/entities.js';
import { BLOCKED_ADDRESS, guardedLookup, isBlockedError, isBlockedLiteralHost } from './address-guard.js';
import type { SendOutcome } from './retry-policy.js';
import { webhookHeaders } from './signing.js';

/** How much of an error answer's body is kept as the log row's error text. */
const ERROR_TEXT_LIMIT = 300;
/** Beyond this much body the connection is dropped rather than drained for reuse. */
const DRAIN_LIMIT = 64 * 1024;

export interface SenderOptions {
  timeoutMs: number;
  /** Open connections per destination origin. */
  connectionsPerHost: number;
  /** OUTBOUND_ALLOW_PRIVATE: no address guard. */
  allowPrivate: boolean;
  userAgent?: string;
  /** Keeps the first bytes of a success's body too (test postbacks show them; deliveries drop them). */
  keepBody?: boolean;
}

export interface Sender {
  /** Makes one attempt; never throws. */
  send(job: OutboundJob): Promise<SendOutcome & { durationMs: number; body?: string }>;
  close(): Promise<void>;
}

export function createSender(options: SenderOptions): Sender {
  const agent = new Agent({
    connections: options.connectionsPerHost,
    keepAliveTimeout: 10_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect: options.allowPrivate
      ? { timeout: options.timeoutMs }
      : { timeout: options.timeoutMs, lookup: guardedLookup as never },
  });
  const userAgent = options.userAgent ?? 'Trackpost/0.1 (+postback)';

  async function attempt(job: OutboundJob): Promise<SendOutcome & { body?: string }> {
    let url: URL;
    try {
      url = new URL(job.url);
    } catch {
      return { kind: 'invalid', error: 'Invalid URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid', error: 'Invalid URL' };
    // IP literals connect without a lookup, so the guard inside the lookup never sees them.
    if (!options.allowPrivate && isBlockedLiteralHost(url.hostname)) return { kind: 'blocked', error: BLOCKED_ADDRESS };

    const headers: Record<string, string> = { 'user-agent': userAgent, 'idempotency-key': job.id };
    const body = job.method === 'POST' ? (job.body ?? '{}') : undefined;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      if (job.signing_secret) Object.assign(headers, webhookHeaders(job.signing_secret, job.id, body, Date.now()));
    }
    // Not AbortSignal.timeout(): its signal is held through a WeakRef until the timeout fires,
    // so every request's signal, timer and listeners outlived the request until a full GC, and
    // a worker draining a backlog grew its heap by megabytes a second. This timer is cleared.
    const timeout = new AbortController();
    const signal = timeout.signal;
    const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
    try {
      const answer = await request(url, { dispatcher: agent, method: job.method, headers, body, signal });
      const code = answer.statusCode;
      if (code >= 200 && code < 300) {
        if (options.keepBody)
          return { kind: 'answered', httpCode: code, error: null, body: await readSome(answer.body) };
        // The body of a success is not kept: drop it without reading it as a stream, which
        // would cost more than the whole request (this is the delivery loop's hot path).
        await answer.body.dump({ limit: DRAIN_LIMIT });
        return { kind: 'answered', httpCode: code, error: null };
      }
      const text = await readSome(answer.body);
      return {
        kind: 'answered',
        httpCode: code,
        error: text || `HTTP ${code}`,
        ...(options.keepBody ? { body: text } : {}),
      };
    } catch (error) {
      if (isBlockedError(error)) return { kind: 'blocked', error: BLOCKED_ADDRESS };
      if (signal.aborted) return { kind: 'no_answer', error: `Timeout after ${options.timeoutMs} ms` };
      return { kind: 'no_answer', error: describeNetworkError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async send(job) {
      const started = performance.now();
      const outcome = await attempt(job);
      return { ...outcome, durationMs: Math.round(performance.now() - started) };
    },
    close: () => agent.close(),
  };
}

/** The first bytes of an answer as one line of text; drains the rest so the socket is reused. */
async function readSome(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const kept: Buffer[] = [];
  let seen = 0;
  for await (const chunk of body) {
    if (seen < ERROR_TEXT_LIMIT) kept.push(chunk);
    seen += chunk.length;
    if (seen > DRAIN_LIMIT) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(kept).toString('utf8').replace(/\s+/g, ' ').trim().slice(0, ERROR_TEXT_LIMIT);
}

/** "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9" from whatever undici threw. */
function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  // undici wraps socket errors; the innermost one says what actually happened.
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (!(current instanceof Error)) return String(current);
  const code = (current as { code?: unknown }).code;
  return typeof code === 'string' && !current.message.includes(code) ? `${code}: ${current.message}` : current.message;
}
