/**
 * The audit log through the real server: a change of an offer's payout is recorded with who,
 * what, before and after; secrets (tokens, signing secrets, keys, passwords, TOTP secrets)
 * never appear in it; the filters narrow it; only admins read it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';
import { firstAdmin, invite, PASSWORD } from './people.js';

test("the audit log records an offer's payout change with before and after, and never a secret", async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  const manager = await invite(app, 'manager', 'm@example.com');
  const advertiser = (
    await manager.call('POST', '/3.0/admin/advertisers', { name: 'Adv', secure_token: 'adv-secret-token' })
  ).body;
  const offer = await manager.call('POST', '/3.0/admin/offers', {
    title: 'Offer',
    advertiser_id: advertiser.id,
    tracking_url: 'https://shop.example/?c={clickid}',
    secure_token: 'offer-secret-token',
    signing_secret: 'whsec_c2VjcmV0LXNpZ25pbmc=',
    payouts: [{ goal: '1', revenue: 10, payout: 7 }],
  });
  assert.equal(offer.status, 201, JSON.stringify(offer.body));
  const changed = await manager.call('PATCH', `/3.0/admin/offers/${offer.body.id}`, {
    payouts: [{ goal: '1', revenue: 10, payout: 8.5 }],
  });
  assert.equal(changed.status, 200);

  // Secrets made or shown in other changes: an affiliate key, a password, a TOTP secret, a share link.
  const affiliate = await app.app.inject({
    method: 'POST',
    url: '/3.0/admin/affiliates',
    headers: app.admin,
    payload: { name: 'Aff', signing_secret: 'aff-signing-secret' },
  });
  const rotated = await admin.call('POST', `/3.0/admin/affiliates/${affiliate.json().id}/api-key`);
  await manager.call('POST', '/3.0/auth/password', { current_password: PASSWORD, new_password: 'the new password' });
  const totp = await admin.call('POST', '/3.0/auth/totp');
  const link = await manager.call('POST', '/3.0/admin/share-links', {
    slice: 'conversions',
    filters: { date_from: '2026-01-01', date_to: '2026-12-31' },
  });
  assert.equal(link.status, 201);
  const invited = await admin.call('POST', '/3.0/admin/users', { email: 'x@example.com', name: 'X', role: 'viewer' });

  const log = await admin.call('GET', `/3.0/admin/audit?entity=offers&entity_id=${offer.body.id}`);
  assert.equal(log.status, 200);
  assert.equal(log.body.pagination.total_count, 2);
  const [update, create] = log.body.audit;
  assert.deepEqual(update.actor, { type: 'user', id: manager.id, email: 'm@example.com' });
  assert.deepEqual([update.action, update.entity, update.entity_id], ['update', 'offers', String(offer.body.id)]);
  assert.equal(update.before.payouts[0].payout, 7);
  assert.equal(update.after.payouts[0].payout, 8.5);
  assert.equal(update.after.secure_token, '***');
  assert.equal(create.action, 'create');
  assert.equal(create.before, null);
  assert.match(update.date, /^\d{4}-\d{2}-\d{2}T/);

  const everything = JSON.stringify((await admin.call('GET', '/3.0/admin/audit?limit=1000')).body);
  for (const secret of [
    'adv-secret-token',
    'offer-secret-token',
    'c2VjcmV0LXNpZ25pbmc',
    'aff-signing-secret',
    affiliate.json().api_key,
    rotated.body.api_key,
    PASSWORD,
    'the new password',
    totp.body.secret,
    link.body.token,
    new URL(invited.body.invite_url).searchParams.get('token'),
    '$argon2id',
  ]) {
    assert.ok(secret && !everything.includes(secret), `the audit log shows ${secret}`);
  }
  // The key rotation is recorded, by the admin's session, without the key.
  const rotation = (await admin.call('GET', `/3.0/admin/audit?entity=affiliates&entity_id=${affiliate.json().id}`)).body
    .audit;
  assert.deepEqual(
    rotation.map((row: any) => [row.action, row.actor.type]),
    [
      ['api-key', 'user'],
      ['create', 'admin_key'],
    ],
  );
  assert.equal(rotation[0].after.api_key, '***');
});

test('audit filters: dates, actor, entity; only admins read it', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  const manager = await invite(app, 'manager', 'm@example.com');
  await manager.call('POST', '/3.0/admin/advertisers', { name: 'By manager' });
  await app.app.inject({
    method: 'POST',
    url: '/3.0/admin/advertisers',
    headers: app.admin,
    payload: { name: 'By key' },
  });
  const list = async (query: string) => (await admin.call('GET', `/3.0/admin/audit?entity=advertisers&${query}`)).body;
  assert.equal((await list('')).pagination.total_count, 2);
  assert.deepEqual(
    (await list('actor=admin_key')).audit.map((row: any) => row.after.name),
    ['By key'],
  );
  assert.deepEqual(
    (await list('actor=m@example.com')).audit.map((row: any) => row.after.name),
    ['By manager'],
  );
  assert.deepEqual(
    (await list(`actor=user:${manager.id}`)).audit.map((row: any) => row.after.name),
    ['By manager'],
  );
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await list(`date_from=${today}&date_to=${today}`)).pagination.total_count, 2);
  assert.equal((await list('date_from=2020-01-01&date_to=2020-01-02')).pagination.total_count, 0);
  assert.equal((await admin.call('GET', '/3.0/admin/audit?actor=someone')).status, 400);
  assert.equal((await admin.call('GET', '/3.0/admin/audit?colour=red')).status, 400);
  assert.equal((await manager.call('GET', '/3.0/admin/audit')).status, 403);
});
