/**
 * Requests refused before any route sees them. First those the HTTP parser refuses (a head over
 * 16 KB, a malformed request line, a client too slow to send its head). Node then closes the socket, so the answer
 * must say `Connection: close`: a keep-alive client that is not told sends its next request on
 * a socket nobody reads, and gets nothing back. The body has the API's one error shape.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';

interface ClientError extends Error {
  code?: string;
}

/** The status and text for what the parser refused. */
function answerFor(error: ClientError): { code: number; text: string } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { code: 408, text: 'Request timeout' };
  if (error.code === 'HPE_HEADER_OVERFLOW') return { code: 431, text: 'Request head larger than 16384 bytes' };
  return { code: 400, text: 'Malformed HTTP request' };
}

/** Fastify's clientErrorHandler: answers once with Connection: close, then closes. */
export function answerClientError(error: ClientError, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { code, text } = answerFor(error);
  const body = JSON.stringify(errorBody(text));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Fastify's frameworkErrors: a URL that cannot be decoded (a broken percent escape) or a path
 * segment longer than the router takes, answered in the API's error shape like every 400.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const text =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `Malformed URL: a path segment is longer than ${MAX_PARAM_LENGTH} characters`
      : 'Malformed URL: it cannot be percent-decoded';
  reply.code(400).send(errorBody(text));
}

/** The longest path segment routed: longer than any id or token, short enough to bound work. */
export const MAX_PARAM_LENGTH = 1000;
