/** Operations: health, readiness, metrics and the API description. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestApp } from '../helpers/harness.js';

test('/health, /ready, /metrics, /openapi.json and /docs answer without a key', async (t) => {
  const tp = await startTestApp();
  t.after(() => tp.close());
  const health = await tp.app.inject({ url: '/health' });
  assert.deepEqual([health.statusCode, health.json()], [200, { status: 'ok' }]);
  const ready = await tp.app.inject({ url: '/ready' });
  assert.deepEqual([ready.statusCode, ready.json()], [200, { status: 'ready' }]);

  await tp.app.inject({ url: '/click?offer_id=999&pid=1' });
  const metrics = await tp.app.inject({ url: '/metrics' });
  assert.equal(metrics.statusCode, 200);
  assert.match(metrics.headers['content-type'] as string, /^text\/plain/);
  assert.match(metrics.body, /trackpost_clicks_total\{result="refused"\} 1/);

  const openapi = await tp.app.inject({ url: '/openapi.json' });
  const paths = Object.keys(openapi.json().paths);
  for (const path of [
    '/click',
    '/postback',
    '/pixel',
    '/3.0/admin/offers',
    '/3.0/stats/serverpostbacks',
    '/3.0/partner/conversions',
  ]) {
    assert.ok(paths.includes(path), path);
  }
  const docs = await tp.app.inject({ url: '/docs/' });
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /swagger/i);
});

test('/ready answers 503 once the database is gone', async (t) => {
  const tp = await startTestApp();
  t.after(() => tp.close().catch(() => undefined));
  await tp.ctx.store.close();
  const ready = await tp.app.inject({ url: '/ready' });
  assert.deepEqual([ready.statusCode, ready.json()], [503, { status: 'database unreachable' }]);
});

test('an unexpected error answers 500 "Internal error" and is logged with its request id', async (t) => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const tp = await startTestApp({}, pino({ level: 'error' }, sink));
  t.after(() => tp.close().catch(() => undefined));
  // A real route failing the way a bug would: its repository throws a plain error. (A closed
  // database is not a bug: it answers 503, tested with the outages.)
  tp.ctx.store.advertisers.list = async () => {
    throw new Error('a defect in the listing');
  };
  const answers = [
    await tp.app.inject({ url: '/3.0/admin/advertisers', headers: tp.admin }),
    await tp.app.inject({ url: '/3.0/admin/advertisers?page=2', headers: tp.admin }),
  ];
  for (const answer of answers)
    assert.deepEqual(
      [answer.statusCode, answer.json()],
      [500, { status: 2, error: 'Internal error', message: 'Internal error' }],
    );

  const failures = lines.filter((line) => line.msg === 'request failed');
  assert.equal(failures.length, 2);
  assert.deepEqual(
    failures.map((line) => line.url),
    ['/3.0/admin/advertisers', '/3.0/admin/advertisers?page=2'],
  );
  assert.ok((failures[0].err as { message: string }).message);
  const ids = failures.map((line) => line.reqId);
  assert.ok(
    ids.every((id) => typeof id === 'string' && id !== ''),
    `request ids: ${JSON.stringify(ids)}`,
  );
  assert.notEqual(ids[0], ids[1]);
});
