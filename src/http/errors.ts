/**
 * One error shape for every API answer: `{"status":2,"error":"…","message":"…"}`, the two texts
 * equal (Affise's clients read one or the other: the Go SDK's error type decodes `message`).
 * User mistakes get their 4xx with a clear text; anything unexpected is logged with the request
 * and answered with a bare 500, never a stack trace.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isStoreUnavailable, UNAVAILABLE_RETRY_AFTER_S } from '../store/unavailable.js';

/** An error whose message is safe to show; thrown from handlers and answered as-is. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The error body: `message` repeats `error` for clients that read that key. */
export function errorBody(text: string): { status: 2; error: string; message: string } {
  return { status: 2, error: text, message: text };
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message = 'Not found') => new HttpError(404, message);

/** Turns Ajv's message ("must be string" at "/body/name") into "name: must be string". */
function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const params = first.params as Record<string, unknown>;
  // A nested field is named with its path: "payouts.0.revenue", not just "revenue".
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const child = (name: string) => (path ? `${path}.${name}` : name);
  const field =
    (typeof params.missingProperty === 'string' && child(params.missingProperty)) ||
    (typeof params.additionalProperty === 'string' && child(params.additionalProperty)) ||
    path ||
    error.validationContext ||
    'request';
  if (typeof params.additionalProperty === 'string') return `${field}: unknown field`;
  if (typeof params.missingProperty === 'string') return `${field}: is required`;
  const allowed = Array.isArray(params.allowedValues) ? ` (${params.allowedValues.join(', ')})` : '';
  return `${field}: ${first.message ?? 'is invalid'}${allowed}`;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send(errorBody(error.message));
    }
    if (error.validation) {
      return reply.code(400).send(errorBody(validationMessage(error)));
    }
    if (isStoreUnavailable(error)) {
      // Nothing was recorded (answers follow commits): the caller should simply retry.
      request.log.warn({ err: error, url: request.url, method: request.method }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S))
        .send(errorBody('Database unavailable: nothing was recorded, retry later'));
    }
    const code = error.statusCode ?? 500;
    if (code < 500) {
      // Fastify's own 4xx (malformed JSON, body too large, bad content type): their text is safe.
      return reply.code(code).send(errorBody(error.message));
    }
    request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
    return reply.code(500).send(errorBody('Internal error'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(`Not found: ${request.method} ${request.url.split('?')[0]}`));
  });
}
