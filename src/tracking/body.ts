/**
 * Bodies of POST /postback, read by a parser that never fails the request: a malformed,
 * oversized or oddly typed body becomes a `problem` the postback answers (and logs) with a
 * status-2 text, where Fastify's own parsers would answer 400/413/415 and log nothing.
 */
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { POSTBACK_ERROR } from '../domain/postback-errors.js';
import type { App } from '../http/types.js';
import { paramsFromForm, paramsFromObject, type ParamMap } from './params.js';

/** Largest body read; the rest is drained and the postback refused. */
export const MAX_BODY_BYTES = 65_536;

/** What the parser hands the handler as `request.body`. */
export interface LenientBody {
  params: ParamMap;
  problem: string | null;
}

/** Where the original Content-Type is kept (see installLenientBodyParser). */
const ORIGINAL_TYPE = 'x-trackpost-content-type';

/** Parses body text by its media type; sniffs JSON vs form when the type says neither. */
export function parseBody(text: string, contentType: string): LenientBody {
  if (text.trim() === '') return { params: new Map(), problem: null };
  const media = contentType.split(';')[0].trim().toLowerCase();
  if (media === 'multipart/form-data') return { params: new Map(), problem: POSTBACK_ERROR.unsupportedBody };
  const json =
    media === 'application/json' ||
    media.endsWith('+json') ||
    (media !== 'application/x-www-form-urlencoded' && /^\s*[[{]/.test(text));
  if (!json) return { params: paramsFromForm(text), problem: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { params: new Map(), problem: POSTBACK_ERROR.malformedJson };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { params: new Map(), problem: POSTBACK_ERROR.jsonNotObject };
  }
  try {
    return { params: paramsFromObject(value), problem: null };
  } catch {
    // Only a value nested too deeply to turn back into text gets here.
    return { params: new Map(), problem: POSTBACK_ERROR.jsonTooDeep };
  }
}

function readBody(
  request: FastifyRequest,
  payload: IncomingMessage,
  done: (err: Error | null, body?: LenientBody) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (body: LenientBody) => {
    if (finished) return;
    finished = true;
    done(null, body);
  };
  payload.on('data', (chunk: Buffer) => {
    size += chunk.length;
    // Past the limit the rest is read and dropped, so the answer still reaches the sender.
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  payload.on('end', () => {
    if (size > MAX_BODY_BYTES) return finish({ params: new Map(), problem: POSTBACK_ERROR.bodyTooLarge });
    const type = request.headers[ORIGINAL_TYPE];
    finish(parseBody(Buffer.concat(chunks).toString('utf8'), typeof type === 'string' ? type : ''));
  });
  payload.on('error', () => finish({ params: new Map(), problem: POSTBACK_ERROR.malformedJson }));
}

/**
 * Replaces the scope's body parsers by one catch-all that never errors. The Content-Type is
 * moved aside before Fastify looks at it, because Fastify refuses an unparsable one (415)
 * before any parser runs; the catch-all then reads every body and decides by the original.
 */
export function installLenientBodyParser(app: App): void {
  app.removeAllContentTypeParsers();
  app.addHook('onRequest', (request, _reply, done) => {
    const type = request.raw.headers['content-type'];
    if (type !== undefined && request.method === 'POST') {
      request.raw.headers[ORIGINAL_TYPE] = type;
      delete request.raw.headers['content-type'];
    }
    done();
  });
  app.addContentTypeParser('*', (request, payload, done) => readBody(request, payload, done));
}
