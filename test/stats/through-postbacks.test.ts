/**
 * Statistics built the way production builds them: real clicks and advertiser postbacks,
 * then the admin API changing a conversion (which outbound postbacks react to).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { aroundNow, call, create } from '../admin/fixtures.js';

async function click(app: TestApp, offer: number, affiliate: number): Promise<string> {
  const response = await app.app.inject({ method: 'GET', url: `/click?offer_id=${offer}&pid=${affiliate}&sub1=camp` });
  assert.equal(response.statusCode, 302, response.body);
  const clickid = /c=([0-9a-f]{24})/.exec(String(response.headers.location))?.[1];
  assert.ok(clickid, String(response.headers.location));
  return clickid;
}

async function postback(app: TestApp, query: string) {
  const response = await app.app.inject({ method: 'GET', url: `/postback?${query}` });
  assert.equal(response.statusCode, 200);
  return response.json();
}

test('postbacks feed both stats slices, and an admin status change fires the cross-postback', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const advertiser = (await create(app, 'advertisers', { name: 'Shop' })).id;
  const [affA, affB] = [
    (await create(app, 'affiliates', { name: 'A' })).id,
    (await create(app, 'affiliates', { name: 'B' })).id,
  ];
  const offer = (
    await create(app, 'offers', {
      title: 'Shop',
      advertiser_id: advertiser,
      tracking_url: 'https://shop.example/?c={clickid}',
      cross_postback_url: 'https://network.example/pb?c={clickid}&s={status_name}',
      payouts: [
        { goal: '1', revenue: 3, payout: 2 },
        { goal: 'sale', revenue: 10, payout: 20, payout_type: 'percent', default_status: 'pending' },
      ],
    })
  ).id;

  const clickA = await click(app, offer, affA);
  const clickB = await click(app, offer, affB);
  const created = await postback(app, `clickid=${clickA}&goal=sale&sum=50&txn_id=ORDER-1`);
  assert.equal(created.message, 'Conversion created');
  await postback(app, `clickid=${clickB}`);
  const rejected = await postback(app, `clickid=${clickB}&goal=nope&custom_field1=Promo-Spring`);
  assert.deepEqual(rejected, { status: 2, error: 'Goal not found' });

  const conversions = await call(app, 'GET', `/3.0/stats/conversions?${aroundNow()}&partner[]=${affA}`);
  assert.equal(conversions.body.pagination.total_count, 1);
  const row = conversions.body.conversions[0];
  assert.equal(row.id, created.conversion_id);
  assert.equal(row.status, 'pending');
  assert.equal(row.payout, 10, '20% of 50');
  assert.equal(row.sub1, 'camp');
  assert.equal(
    (await call(app, 'GET', `/3.0/stats/conversions?${aroundNow()}&status[]=approved`)).body.pagination.total_count,
    1,
  );

  const log = await call(app, 'GET', `/3.0/stats/serverpostbacks?${aroundNow()}&response_status=2`);
  assert.equal(log.body.postbacks.length, 1);
  assert.deepEqual(log.body.postbacks[0].result, { status: 2, error: 'Goal not found' });
  const found = await call(app, 'GET', `/3.0/stats/serverpostbacks?${aroundNow()}&search=promo-spr`);
  assert.equal(found.body.postbacks.length, 1);
  assert.equal(found.body.postbacks[0].params.custom_field1, 'Promo-Spring');
  assert.equal(
    (await call(app, 'GET', `/3.0/stats/serverpostbacks?${aroundNow()}&action_id=ORDER-1`)).body.postbacks.length,
    1,
  );

  const crossBefore = await call(app, 'GET', `/3.0/stats/crosspostbacks?${aroundNow()}`);
  const patched = await call(app, 'PATCH', `/3.0/admin/conversions/${created.conversion_id}`, { status: 'approved' });
  assert.equal(patched.body.status, 'approved');
  const crossAfter = await call(app, 'GET', `/3.0/stats/crosspostbacks?${aroundNow()}`);
  assert.equal(
    crossAfter.body.pagination.total_count,
    crossBefore.body.pagination.total_count + 1,
    'the change is an event',
  );
  assert.match(crossAfter.body.postbacks[0].url, new RegExp(`c=${clickA}&s=approved`));

  const same = await call(app, 'PATCH', `/3.0/admin/conversions/${created.conversion_id}`, { status: 1 });
  assert.equal(same.status, 200);
  const crossSame = await call(app, 'GET', `/3.0/stats/crosspostbacks?${aroundNow()}`);
  assert.equal(crossSame.body.pagination.total_count, crossAfter.body.pagination.total_count, 'no change, no event');
});
