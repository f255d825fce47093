import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import { startTestApp } from '../helpers/harness.js';
import { call, seedCatalog, seedConversion } from './fixtures.js';

test('admin conversions: GET shows every conversion field; unknown id is 404', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seedCatalog(app);
  const conversion = await seedConversion(app, {
    offer: catalog.offers[0],
    advertiser: catalog.advertisers[0],
    affiliate: catalog.affiliates[0],
    country: 'DE',
  });
  const got = await call(app, 'GET', `/3.0/admin/conversions/${conversion.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.id, conversion.id);
  assert.equal(got.body.status, 'approved');
  assert.equal(got.body.status_code, 1);
  assert.equal(got.body.revenue, 2);
  assert.equal(got.body.payout, 1);
  assert.equal(got.body.country, 'DE');
  assert.equal(got.body.created_at, new Date(conversion.created_at).toISOString());
  assert.deepEqual(await call(app, 'GET', '/3.0/admin/conversions/nope'), {
    status: 404,
    body: { status: 2, error: 'Conversion not found', message: 'Conversion not found' },
  });
});

test('admin conversions: PATCH sets any status by code, name or alias, and the comment', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seedCatalog(app);
  const conversion = await seedConversion(app, {
    offer: catalog.offers[0],
    advertiser: catalog.advertisers[0],
    affiliate: catalog.affiliates[0],
  });
  const url = `/3.0/admin/conversions/${conversion.id}`;

  const declined = await call(app, 'PATCH', url, { status: 'Rejected', comment: 'fraud check' });
  assert.equal(declined.status, 200);
  assert.equal(declined.body.status, 'declined');
  assert.equal(declined.body.status_code, 3);
  assert.equal(declined.body.comment, 'fraud check');

  const pending = await call(app, 'PATCH', url, { status: 2 });
  assert.equal(pending.body.status, 'pending');
  assert.equal(pending.body.comment, 'fraud check', 'a comment left out stays');

  const approved = await call(app, 'PATCH', url, { status: 'confirmed' });
  assert.equal(approved.body.status, 'approved', 'admins may move any status, approved included');

  const hold = await call(app, 'PATCH', url, { status: '5' });
  assert.equal(hold.body.status, 'hold');

  const commented = await call(app, 'PATCH', url, { comment: 'checked by hand' });
  assert.equal(commented.body.status, 'hold');
  assert.equal(commented.body.comment, 'checked by hand');

  const stored = await app.ctx.store.conversions.get(conversion.id);
  assert.equal(stored?.status, STATUS.hold);
  assert.equal(stored?.comment, 'checked by hand');
});

test('admin conversions: PATCH refuses bad input and unknown ids', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seedCatalog(app);
  const conversion = await seedConversion(app, {
    offer: catalog.offers[0],
    advertiser: catalog.advertisers[0],
    affiliate: catalog.affiliates[0],
  });
  const url = `/3.0/admin/conversions/${conversion.id}`;
  const cases: [unknown, RegExp][] = [
    [{}, /^status or comment: one of them is required$/],
    [{ status: 'paid' }, /^status: unknown status "paid"/],
    [{ status: 4 }, /^status: unknown status "4"/],
    [{ comment: 'x'.repeat(1001) }, /^comment: /],
    [{ status: 1, payout: 5 }, /^payout: unknown field$/],
  ];
  for (const [payload, error] of cases) {
    const answer = await call(app, 'PATCH', url, payload);
    assert.equal(answer.status, 400, JSON.stringify(payload));
    assert.match(answer.body.error, error);
  }
  assert.equal((await app.ctx.store.conversions.get(conversion.id))?.status, STATUS.approved, 'unchanged');
  assert.equal((await call(app, 'PATCH', '/3.0/admin/conversions/unknown', { status: 'declined' })).status, 404);
});
