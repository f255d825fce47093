/** Section 9: health, readiness, metrics and the API description. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
  for (const path of ['/click', '/postback', '/pixel', '/3.0/admin/offers', '/3.0/stats/serverpostbacks', '/3.0/partner/conversions']) {
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
