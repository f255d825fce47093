/**
 * Overload: past MAX_IN_FLIGHT requests at once, one more is answered 503 with Retry-After at
 * once and records nothing; the requests admitted finish normally and nothing acknowledged is
 * lost; the server serves again as soon as they are done. Requests are held in flight by sending
 * their bodies slowly, on a real server (both backends), so nothing depends on timing. And the
 * SQLite group commit's backlog is bounded: a write past WRITE_QUEUE_MAX is refused at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from '../helpers/harness.js';
import { seedCatalog } from '../admin/fixtures.js';
import { eventually } from '../helpers/eventually.js';
import { openSqlite } from '../../src/store/sqlite/connection.js';
import { SqliteWriter } from '../../src/store/sqlite/writer.js';
import { isStoreUnavailable, WriteBacklogFull } from '../../src/store/unavailable.js';

/** A POST /postback whose body is sent in two parts: in flight until `finish()`. */
function heldPostback(port: number, body: string) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString();
  });
  socket.write(
    `POST /postback HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 5)}`,
  );
  return {
    finish() {
      socket.write(body.slice(5));
      return eventually(async () => (received.includes('\r\n\r\n{') && received.endsWith('}') ? received : undefined));
    },
    close: () => socket.destroy(),
  };
}

test('past MAX_IN_FLIGHT requests, more are shed with 503 and Retry-After; the admitted ones finish; nothing acknowledged is lost', async (t) => {
  const app = await startTestApp({ MAX_IN_FLIGHT: '3' });
  t.after(() => app.close());
  const { offers, affiliates } = await seedCatalog(app);
  const base = await app.listen();
  const port = Number(new URL(base).port);
  const clickUrl = `${base}/click?offer_id=${offers[0]}&pid=${affiliates[0]}`;

  // Three clicks to convert, made while the server is idle.
  const clickIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const answer = await fetch(clickUrl, { redirect: 'manual' });
    assert.equal(answer.status, 302);
    clickIds.push(new URL(answer.headers.get('location')!).searchParams.get('c')!);
  }

  // Three postbacks in flight (their bodies half sent): the server is at its bound.
  const held = clickIds.map((clickid) => heldPostback(port, `clickid=${clickid}&goal=1`));
  t.after(() => {
    for (const request of held) request.close();
  });
  await eventually(async () => (app.ctx.metrics.load.inFlight === 3 ? true : undefined));

  // Everything else is shed at once, and records nothing.
  const before = await app.ctx.store.clicks.get(clickIds[0]);
  assert.ok(before);
  for (let i = 0; i < 5; i++) {
    const shed = await fetch(clickUrl, { redirect: 'manual' });
    assert.equal(shed.status, 503);
    assert.equal(shed.headers.get('retry-after'), '1');
    const body = await shed.json();
    assert.equal(body.status, 2);
    assert.match(body.error, /Overloaded/);
  }
  const refusedPostback = await fetch(`${base}/postback?clickid=${clickIds[0]}&goal=sale`);
  assert.equal(refusedPostback.status, 503);
  assert.equal(app.ctx.metrics.load.shed, 6);
  const metrics = await app.ctx.metrics.registry.metrics();
  assert.match(metrics, /trackpost_http_shed_total 6/);

  // The admitted requests finish normally: each conversion is recorded.
  const answers = await Promise.all(held.map((request) => request.finish()));
  for (const raw of answers) {
    assert.match(raw, /^HTTP\/1\.1 200/);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    assert.equal(body.status, 1, raw);
    const conversion = await app.app.inject({
      method: 'GET',
      url: `/3.0/admin/conversions/${body.conversion_id}`,
      headers: app.admin,
    });
    assert.equal(conversion.statusCode, 200);
    assert.equal(conversion.json().goal, '1');
  }

  // Served again at once: a click is answered and stored.
  await eventually(async () => (app.ctx.metrics.load.inFlight === 0 ? true : undefined));
  const after = await fetch(clickUrl, { redirect: 'manual' });
  assert.equal(after.status, 302);
  const clickid = new URL(after.headers.get('location')!).searchParams.get('c')!;
  assert.ok(await app.ctx.store.clicks.get(clickid), 'the acknowledged click is stored');
  // The shed /postback made no conversion of goal "sale".
  const sale = await app.app.inject({
    method: 'GET',
    url: `/3.0/stats/conversions?date_from=2000-01-01&date_to=2100-01-01&goal=sale`,
    headers: app.admin,
  });
  assert.equal(sale.statusCode, 200, sale.body);
  assert.deepEqual(sale.json().conversions, [], sale.body);
  const installs = await app.app.inject({
    method: 'GET',
    url: `/3.0/stats/conversions?date_from=2000-01-01&date_to=2100-01-01&goal=1`,
    headers: app.admin,
  });
  assert.equal(installs.json().conversions.length, 3, 'the three admitted postbacks, and no other');
});

test('SQLite: a write past WRITE_QUEUE_MAX is refused at once as unavailable (503); the queued ones commit', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-backlog-'));
  const db = openSqlite(join(dir, 'backlog.db'), 'NORMAL');
  t.after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  db.exec('CREATE TABLE t (n INTEGER)');
  const writer = new SqliteWriter(db, 0, 3);
  const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
  writer.hold();
  const queued = [1, 2, 3].map((n) => writer.write(() => insert.run(n)));
  const refused = writer.write(() => insert.run(4));
  await assert.rejects(refused, (error: unknown) => error instanceof WriteBacklogFull && isStoreUnavailable(error));
  writer.release();
  await Promise.all(queued);
  assert.deepEqual(db.prepare('SELECT n FROM t ORDER BY n').pluck().all(), [1, 2, 3]);
});
