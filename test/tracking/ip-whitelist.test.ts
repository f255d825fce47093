/** Check 5: allowed_ips of the advertiser and the offer, with and without TRUST_PROXY. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { insertClick, seedWorld, type World } from './fixtures.js';

async function from(app: TestApp, world: World, remoteAddress: string, headers: Record<string, string> = {}) {
  const clickid = await insertClick(app, world);
  const response = await app.app.inject({
    method: 'GET',
    url: '/postback',
    query: { clickid },
    remoteAddress,
    headers,
  });
  assert.equal(response.statusCode, 200);
  return (response.json() as { status: number; error?: string }).error ?? 'ok';
}

const DENIED = 'Current IP-address is denied';

test('addresses, CIDR blocks and ranges; advertiser and offer lists together', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    advertiser: { allowed_ips: ['198.51.100.7', '2001:db8::/32'] },
    offer: { allowed_ips: ['203.0.113.0/24', '192.0.2.10-192.0.2.20'] },
  });
  assert.equal(await from(app, world, '198.51.100.7'), 'ok');
  assert.equal(await from(app, world, '198.51.100.8'), DENIED);
  assert.equal(await from(app, world, '203.0.113.254'), 'ok');
  assert.equal(await from(app, world, '203.0.114.1'), DENIED);
  assert.equal(await from(app, world, '192.0.2.10'), 'ok');
  assert.equal(await from(app, world, '192.0.2.20'), 'ok');
  assert.equal(await from(app, world, '192.0.2.21'), DENIED);
  assert.equal(await from(app, world, '::ffff:192.0.2.15'), 'ok', 'IPv4-mapped senders compare as IPv4');
  assert.equal(await from(app, world, '2001:db8::1'), 'ok');
  assert.equal(await from(app, world, '2001:db9::1'), DENIED);
});

test('an offer list alone is enforced; no lists means any sender', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const listed = await seedWorld(app, { offer: { allowed_ips: ['10.0.0.1'] } });
  assert.equal(await from(app, listed, '10.0.0.2'), DENIED);
  assert.equal(await from(app, listed, '10.0.0.1'), 'ok');
  const open = await seedWorld(app);
  assert.equal(await from(app, open, '10.9.9.9'), 'ok');
});

test('TRUST_PROXY unset: X-Forwarded-For is ignored', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { advertiser: { allowed_ips: ['198.51.100.7'] } });
  assert.equal(await from(app, world, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }), DENIED);
});

test('TRUST_PROXY set: X-Forwarded-For is believed only from a listed proxy', async (t) => {
  const app = await startTestApp({ TRUST_PROXY: '127.0.0.1,10.10.0.0/16' });
  t.after(() => app.close());
  const world = await seedWorld(app, { advertiser: { allowed_ips: ['198.51.100.7'] } });
  assert.equal(await from(app, world, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }), 'ok');
  assert.equal(await from(app, world, '10.10.3.4', { 'x-forwarded-for': '198.51.100.7' }), 'ok');
  assert.equal(await from(app, world, '192.0.2.1', { 'x-forwarded-for': '198.51.100.7' }), DENIED);
  // A client cannot slip an address in front of the proxy's: the last untrusted hop counts.
  assert.equal(await from(app, world, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7, 192.0.2.99' }), DENIED);
});

test('pixels skip the whitelist', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { advertiser: { allowed_ips: ['198.51.100.7'] } });
  const clickid = await insertClick(app, world);
  const response = await app.app.inject({
    method: 'GET',
    url: `/pixel?offer_id=${world.offer.id}&clickid=${clickid}`,
    remoteAddress: '192.0.2.1',
  });
  assert.equal(response.headers['x-trackpost-result'], 'Conversion created');
});
