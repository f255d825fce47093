import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';
import { call, create } from './fixtures.js';

test('advertisers: create with defaults, get, list, patch, delete', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const created = await create(app, 'advertisers', { name: '  Shop  ' });
  assert.equal(created.name, 'Shop');
  assert.equal(created.status, 'active');
  assert.equal(created.secure_token, null);
  assert.deepEqual(created.allowed_ips, []);
  assert.match(created.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

  const got = await call(app, 'GET', `/3.0/admin/advertisers/${created.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, created);

  const patched = await call(app, 'PATCH', `/3.0/admin/advertisers/${created.id}`, {
    secure_token: 's3cret',
    status: 'disabled',
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.name, 'Shop', 'fields left out of a PATCH keep their value');
  assert.equal(patched.body.secure_token, 's3cret');
  assert.equal(patched.body.status, 'disabled');
  assert.equal(app.ctx.catalog.advertiser(created.id)?.advertiser.secure_token, 's3cret', 'the catalog is reloaded');

  const cleared = await call(app, 'PATCH', `/3.0/admin/advertisers/${created.id}`, { secure_token: null });
  assert.equal(cleared.body.secure_token, null);

  await create(app, 'advertisers', { name: 'Second' });
  const list = await call(app, 'GET', '/3.0/admin/advertisers?page=1&limit=1');
  assert.equal(list.status, 200);
  assert.equal(list.body.status, 1);
  assert.deepEqual(list.body.pagination, { per_page: 1, total_count: 2, page: 1 });
  assert.equal(list.body.advertisers.length, 1);
  assert.equal(list.body.advertisers[0].name, 'Second', 'newest first');
  const page2 = await call(app, 'GET', '/3.0/admin/advertisers?page=2&limit=1');
  assert.equal(page2.body.advertisers[0].name, 'Shop');

  const deleted = await call(app, 'DELETE', `/3.0/admin/advertisers/${created.id}`);
  assert.deepEqual(deleted, { status: 200, body: { status: 1 } });
  assert.equal((await call(app, 'GET', `/3.0/admin/advertisers/${created.id}`)).status, 404);
  assert.equal(app.ctx.catalog.advertiser(created.id), undefined);
});

test('advertisers: unknown ids are 404 on get, patch and delete', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  for (const method of ['GET', 'PATCH', 'DELETE']) {
    const answer = await call(
      app,
      method,
      '/3.0/admin/advertisers/999',
      method === 'PATCH' ? { name: 'x' } : undefined,
    );
    assert.equal(answer.status, 404, method);
    assert.deepEqual(answer.body, { status: 2, error: 'Advertiser not found', message: 'Advertiser not found' });
  }
  const bad = await call(app, 'GET', '/3.0/admin/advertisers/abc');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /^id: /);
});

test('advertisers: validation errors name the field', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const cases: [object, RegExp][] = [
    [{}, /^name: is required$/],
    [{ name: '   ' }, /^name: must not be empty$/],
    [{ name: 'x', status: 'paused' }, /^status: /],
    [{ name: 'x', colour: 'red' }, /^colour: unknown field$/],
    [{ name: 'x', allowed_ips: ['1.2.3.4', 'not-an-ip'] }, /^allowed_ips: "not-an-ip" is not an IP address/],
    [{ name: 'x', allowed_ips: ['10.0.0.0/33'] }, /^allowed_ips: "10.0.0.0\/33"/],
    [{ name: 'x', allowed_ips: ['10.0.0.9-10.0.0.1'] }, /^allowed_ips: "10.0.0.9-10.0.0.1"/],
  ];
  for (const [payload, error] of cases) {
    const answer = await call(app, 'POST', '/3.0/admin/advertisers', payload);
    assert.equal(answer.status, 400, JSON.stringify(payload));
    assert.equal(answer.body.status, 2);
    assert.match(answer.body.error, error, JSON.stringify(payload));
  }
  const created = await create(app, 'advertisers', { name: 'x' });
  const patch = await call(app, 'PATCH', `/3.0/admin/advertisers/${created.id}`, { allowed_ips: ['999.1.1.1'] });
  assert.equal(patch.status, 400);
  assert.match(patch.body.error, /^allowed_ips: "999.1.1.1"/);
  assert.deepEqual(
    (await call(app, 'GET', `/3.0/admin/advertisers/${created.id}`)).body.allowed_ips,
    [],
    'nothing half-written',
  );
});

test('advertisers: allowed_ips takes addresses, CIDR blocks and ranges, IPv4 and IPv6', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const entries = ['203.0.113.7', '10.0.0.0/8', '192.168.1.1-192.168.1.50', '2001:db8::1', '2001:db8::/32'];
  const created = await create(app, 'advertisers', { name: 'x', allowed_ips: [...entries, ' 203.0.113.7 '] });
  assert.deepEqual(created.allowed_ips, entries, 'trimmed, repeats dropped');
});

test('advertisers: one that still has offers cannot be deleted', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const advertiser = await create(app, 'advertisers', { name: 'x' });
  const offer = await create(app, 'offers', {
    title: 'o',
    advertiser_id: advertiser.id,
    tracking_url: 'https://a.example/',
  });
  const refused = await call(app, 'DELETE', `/3.0/admin/advertisers/${advertiser.id}`);
  assert.equal(refused.status, 409);
  assert.match(refused.body.error, new RegExp(`Advertiser has offers \\(${offer.id}\\)`));
  assert.equal((await call(app, 'DELETE', `/3.0/admin/offers/${offer.id}`)).status, 200);
  assert.equal((await call(app, 'DELETE', `/3.0/admin/advertisers/${advertiser.id}`)).status, 200);
});
