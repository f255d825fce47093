import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '../../src/http/hash.js';
import { startTestApp } from '../helpers/harness.js';
import { call, create } from './fixtures.js';

test('affiliates: the API key is shown once, only its hash is kept, and it identifies the affiliate', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const created = await create(app, 'affiliates', { name: 'Partner' });
  assert.equal(created.status, 'active');
  assert.equal(created.signing_secret, null);
  assert.match(created.api_key, /^[0-9a-f]{40}$/);
  assert.equal(created.api_key_hash, undefined);
  assert.equal(app.ctx.catalog.affiliateByKeyHash(sha256(created.api_key))?.id, created.id);

  const got = await call(app, 'GET', `/3.0/admin/affiliates/${created.id}`);
  assert.equal(got.body.api_key, undefined, 'the key is not shown again');
  assert.equal(got.body.api_key_hash, undefined);
  const list = await call(app, 'GET', '/3.0/admin/affiliates');
  assert.equal(JSON.stringify(list.body).includes(sha256(created.api_key)), false, 'the hash is never shown');

  const patched = await call(app, 'PATCH', `/3.0/admin/affiliates/${created.id}`, {
    status: 'banned',
    signing_secret: 'whsec',
  });
  assert.equal(patched.body.status, 'banned');
  assert.equal(patched.body.signing_secret, 'whsec');
  assert.equal(app.ctx.catalog.affiliateByKeyHash(sha256(created.api_key))?.status, 'banned', 'a PATCH keeps the key');
});

test('affiliates: rotating the key replaces it at once', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const created = await create(app, 'affiliates', { name: 'Partner' });
  const rotated = await call(app, 'POST', `/3.0/admin/affiliates/${created.id}/api-key`);
  assert.equal(rotated.status, 200);
  assert.equal(rotated.body.id, created.id);
  assert.notEqual(rotated.body.api_key, created.api_key);
  assert.equal(app.ctx.catalog.affiliateByKeyHash(sha256(created.api_key)), undefined, 'the old key stops working');
  assert.equal(app.ctx.catalog.affiliateByKeyHash(sha256(rotated.body.api_key))?.id, created.id);
  assert.equal((await call(app, 'POST', '/3.0/admin/affiliates/999/api-key')).status, 404);
});

test('affiliates: the key opens the affiliate API until rotated; a banned affiliate is refused', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const created = await create(app, 'affiliates', { name: 'Partner' });
  const partnerCall = async (key: string) =>
    (await app.app.inject({ method: 'GET', url: '/3.0/partner/tracking-events', headers: { 'api-key': key } }))
      .statusCode;
  assert.equal(await partnerCall(created.api_key), 200);
  const rotated = await call(app, 'POST', `/3.0/admin/affiliates/${created.id}/api-key`);
  assert.equal(await partnerCall(created.api_key), 401);
  assert.equal(await partnerCall(rotated.body.api_key), 200);
  await call(app, 'PATCH', `/3.0/admin/affiliates/${created.id}`, { status: 'banned' });
  assert.equal(await partnerCall(rotated.body.api_key), 401);
});

test('affiliates: validation, 404 and delete', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const bad = await call(app, 'POST', '/3.0/admin/affiliates', { name: 'x', status: 'disabled' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /^status: /);
  const extra = await call(app, 'POST', '/3.0/admin/affiliates', { name: 'x', api_key_hash: 'abc' });
  assert.deepEqual(extra.body, {
    status: 2,
    error: 'api_key_hash: unknown field',
    message: 'api_key_hash: unknown field',
  });
  assert.equal((await call(app, 'GET', '/3.0/admin/affiliates/5')).status, 404);

  const created = await create(app, 'affiliates', { name: 'Partner' });
  assert.equal((await call(app, 'DELETE', `/3.0/admin/affiliates/${created.id}`)).status, 200);
  assert.equal(app.ctx.catalog.affiliateByKeyHash(sha256(created.api_key)), undefined);
  assert.equal((await call(app, 'DELETE', `/3.0/admin/affiliates/${created.id}`)).status, 404);
});

test('affiliates: one with postback URLs cannot be deleted until they are', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const affiliate = await create(app, 'affiliates', { name: 'Partner' });
  const postback = await create(app, `affiliates/${affiliate.id}/postbacks`, {
    url: 'https://partner.example/pb?c={clickid}',
  });
  const refused = await call(app, 'DELETE', `/3.0/admin/affiliates/${affiliate.id}`);
  assert.equal(refused.status, 409);
  assert.match(refused.body.error, new RegExp(`^Affiliate has postbacks \\(${postback.id}\\)`));
  assert.ok(app.ctx.catalog.affiliate(affiliate.id), 'still there');
  assert.equal(
    (await call(app, 'DELETE', `/3.0/admin/affiliates/${affiliate.id}/postbacks/${postback.id}`)).status,
    200,
  );
  assert.equal((await call(app, 'DELETE', `/3.0/admin/affiliates/${affiliate.id}`)).status, 200);
});
