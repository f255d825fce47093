/**
 * Requests the HTTP parser refuses before any route sees them (a head over 16 KB, a malformed
 * request line, a client too slow to send its head). Node then closes the socket, so the answer
 * must say `Connection: close`: a keep-alive client that is not told sends its next request on
 * a socket nobody reads, and gets nothing back. The body has the API's one error shape.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

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
  const body = JSON.stringify({ status: 2, error: text, message: text });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
