/**
 * Wrong API keys are limited per address and for everyone, counted in the database (so every
 * process sharing it keeps the same counts), answered 429 with Retry-After; right keys are never
 * slowed (they do not touch the database).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appBackends } from '../helpers/app-backends.js';
import { startTestApp, ADMIN_KEY, type TestApp } from '../helpers/harness.js';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { bootContext } from '../../src/bootstrap.js';
import { create } from '../admin/fixtures.js';

const LIST = '/3.0/admin/advertisers';

function get(app: TestApp, key: string, remoteAddress: string, url = LIST) {
  return app.app.inject({ method: 'GET', url, headers: { 'api-key': key }, remoteAddress });
}

/** Counts calls to the store's failure counter without changing what it does. */
function countRecords(app: TestApp): { calls: number } {
  const counter = { calls: 0 };
  const record = app.ctx.store.keyFailures.record.bind(app.ctx.store.keyFailures);
  app.ctx.store.keyFailures.record = (address, windowStart) => {
    counter.calls += 1;
    return record(address, windowStart);
  };
  return counter;
}

for (const backend of appBackends()) {
  test(`${backend.name}: wrong keys past the per-address limit get 429, right and wrong alike`, {
    skip: backend.skip,
  }, async (t) => {
    const app = await backend.start({ KEY_FAILURE_LIMIT: '5', KEY_FAILURE_WINDOW: '1h' });
    t.after(() => app.close());
    const affiliate = await create(app, 'affiliates', { name: 'Partner' });
    const counter = countRecords(app);
    for (let i = 0; i < 20; i += 1) assert.equal((await get(app, ADMIN_KEY, '10.0.0.1')).statusCode, 200);
    assert.equal(counter.calls, 0, 'a right key never touches the database');
    for (let i = 0; i < 5; i += 1) assert.equal((await get(app, `wrong-${i}`, '10.0.0.1')).statusCode, 401);
    const limited = await get(app, 'wrong-5', '10.0.0.1');
    assert.equal(limited.statusCode, 429);
    const wait = Number(limited.headers['retry-after']);
    assert.ok(wait > 0 && wait <= 3600, `Retry-After ${limited.headers['retry-after']}`);
    assert.equal(limited.json().status, 2);
    assert.match(limited.json().error, /Too many wrong API keys/);
    // Blocked: even the right admin key and a right affiliate key wait, so a guess cannot be confirmed.
    assert.equal((await get(app, ADMIN_KEY, '10.0.0.1')).statusCode, 429);
    const partner = await get(
      app,
      affiliate.api_key,
      '10.0.0.1',
      '/3.0/partner/postbacks?date_from=2026-01-01&date_to=2026-01-01',
    );
    assert.equal(partner.statusCode, 429);
    // Other addresses are not affected; an IPv6 /64 counts as one address.
    assert.equal((await get(app, ADMIN_KEY, '10.0.0.2')).statusCode, 200);
    assert.equal((await get(app, 'wrong', '10.0.0.2')).statusCode, 401);
    for (let i = 0; i < 6; i += 1) await get(app, 'wrong', `2001:db8:1:2::${i + 1}`);
    assert.equal((await get(app, ADMIN_KEY, '2001:db8:1:2:ffff::9')).statusCode, 429);
    assert.equal((await get(app, ADMIN_KEY, '2001:db8:1:3::1')).statusCode, 200);
    // Wrong keys on the reports count too: they pass the same check.
    for (const url of ['/3.0/stats/custom', '/3.0/partner/stats/custom', '/3.0/stats/getbytrafficback']) {
      assert.equal((await get(app, 'wrong', '10.0.0.4', url)).statusCode, 401, url);
    }
    for (let i = 0; i < 2; i += 1)
      assert.equal((await get(app, 'wrong', '10.0.0.4', '/3.0/stats/custom')).statusCode, 401);
    assert.equal((await get(app, 'wrong', '10.0.0.4', '/3.0/stats/getbytrafficback')).statusCode, 429);
    assert.equal((await get(app, ADMIN_KEY, '10.0.0.4', '/3.0/stats/custom')).statusCode, 429);
    // A missing key guesses nothing and is not counted.
    const bare = await app.app.inject({ method: 'GET', url: LIST, remoteAddress: '10.0.0.3' });
    assert.equal(bare.statusCode, 401);
  });

  test(`${backend.name}: the global limit stops guessers spread over many addresses, not known admins`, {
    skip: backend.skip,
  }, async (t) => {
    const app = await backend.start({
      KEY_FAILURE_LIMIT: '100',
      KEY_FAILURE_GLOBAL_LIMIT: '10',
      KEY_FAILURE_WINDOW: '1h',
    });
    t.after(() => app.close());
    assert.equal((await get(app, ADMIN_KEY, '192.0.2.1')).statusCode, 200);
    for (let i = 0; i < 10; i += 1) assert.equal((await get(app, 'wrong', `198.51.100.${i + 1}`)).statusCode, 401);
    assert.equal((await get(app, 'wrong', '198.51.100.200')).statusCode, 429);
    assert.equal((await get(app, ADMIN_KEY, '198.51.100.201')).statusCode, 429, 'a new address waits');
    assert.equal((await get(app, ADMIN_KEY, '192.0.2.1')).statusCode, 200, 'an address with a right key still works');
  });
}

test('postgres: the count holds across processes sharing the database', {
  skip: process.env.TEST_DATABASE_URL ? undefined : 'TEST_DATABASE_URL is not set',
}, async (t) => {
  const first = await startTestApp({
    DATABASE_URL: process.env.TEST_DATABASE_URL as string,
    KEY_FAILURE_LIMIT: '5',
    KEY_FAILURE_WINDOW: '1h',
  });
  t.after(() => first.close());
  for (let i = 0; i < 5; i += 1) assert.equal((await get(first, 'wrong', '10.9.9.9')).statusCode, 401);
  // A second process on the same schema: its first wrong key from that address is over the limit.
  const { ctx } = await bootContext(first.ctx.config, pino({ level: 'silent' }));
  const second = await buildApp(ctx);
  t.after(async () => {
    await second.close();
    ctx.catalog.stop();
    await ctx.store.close();
  });
  const ask = (key: string) =>
    second.inject({ method: 'GET', url: LIST, headers: { 'api-key': key }, remoteAddress: '10.9.9.9' });
  assert.equal((await ask('wrong')).statusCode, 429);
  assert.equal((await ask(ADMIN_KEY)).statusCode, 429);
});
