/**
 * Requests the HTTP parser refuses (a head over 16 KB, a malformed request line) are answered in
 * the API's error shape with `Connection: close`, so a keep-alive client knows the socket ends.
 * Over a real socket: app.inject does not go through the parser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestApp } from '../helpers/harness.js';

/** Sends raw bytes and resolves with everything the server wrote before it closed the socket. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.on('close', () => resolve(answer));
  });
}

test('a refused head or request line is answered with Connection: close and the error shape', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const base = new URL(await app.listen());
  const port = Number(base.port);
  const cases: [string, number][] = [
    [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['GET /health HTTP/1.1 extra\r\nHost: x\r\n\r\n', 400],
    ['BLAH\r\n\r\n', 400],
  ];
  for (const [raw, status] of cases) {
    const answer = await exchange(port, raw);
    const [head, body] = answer.split('\r\n\r\n');
    assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `), answer.slice(0, 200));
    assert.match(head, /\r\nConnection: close\r\n/i);
    const parsed = JSON.parse(body);
    assert.equal(parsed.status, 2);
    assert.equal(typeof parsed.error, 'string');
  }
  // The server still serves afterwards.
  assert.equal((await fetch(new URL('/health', base))).status, 200);
});
