/** Every status-2 text of a postback, and the order the checks run in. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';
import { insertClick, logRows, payout, postback, seedWorld } from './fixtures.js';

const DAY = 86_400_000;

test('checks 1-3: missing, broken and unknown click ids', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  await seedWorld(app);
  assert.deepEqual(await postback(app, {}), { status: 2, error: 'Missing mandatory parameter clickid' });
  assert.deepEqual(await postback(app, { clickid: '' }), { status: 2, error: 'Missing mandatory parameter clickid' });
  assert.deepEqual(await postback(app, { clickid: 'abc' }), {
    status: 2,
    error: 'Broken clickid (24 symbols expected)',
  });
  assert.deepEqual(await postback(app, { clickid: 'g'.repeat(24) }), {
    status: 2,
    error: 'Broken clickid (24 symbols expected)',
  });
  assert.deepEqual(await postback(app, { clickid: 'a'.repeat(24) }), { status: 2, error: 'Click not found' });
  const rows = await logRows(app);
  assert.equal(rows.length, 5);
  assert.ok(rows.every((row) => row.response.status === 2 && row.integration === 's2s'));
});

test('click ids match case-insensitively and the alias click_id works', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const answer = await postback(app, { click_id: clickid.toUpperCase() });
  assert.equal(answer.status, 1);
  assert.equal(answer.message, 'Conversion created');
});

test('check 4: secure token of the offer, else of the advertiser', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const byAdvertiser = await seedWorld(app, { advertiser: { secure_token: 'adv-token' } });
  const click1 = await insertClick(app, byAdvertiser);
  assert.deepEqual(await postback(app, { clickid: click1 }), { status: 2, error: 'Access denied' });
  assert.deepEqual(await postback(app, { clickid: click1, secure: 'wrong' }), { status: 2, error: 'Access denied' });
  assert.equal((await postback(app, { clickid: click1, secure: 'adv-token' })).status, 1);

  const byOffer = await seedWorld(app, {
    advertiser: { secure_token: 'adv-token' },
    offer: { secure_token: 'offer-token' },
  });
  const click2 = await insertClick(app, byOffer);
  assert.deepEqual(await postback(app, { clickid: click2, secure: 'adv-token' }), {
    status: 2,
    error: 'Access denied',
  });
  assert.equal((await postback(app, { clickid: click2, secure: 'offer-token' })).status, 1);
});

test('check 6: paused offer, disabled advertiser', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const paused = await seedWorld(app, { offer: { status: 'paused' } });
  assert.deepEqual(await postback(app, { clickid: await insertClick(app, paused) }), {
    status: 2,
    error: 'Offer disabled',
  });
  const disabled = await seedWorld(app, { advertiser: { status: 'disabled' } });
  assert.deepEqual(await postback(app, { clickid: await insertClick(app, disabled) }), {
    status: 2,
    error: 'Offer disabled',
  });
});

test('check 7: invalid goal values and goals not found', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    offer: {
      payouts: [payout(), payout({ goal: 'Deposit', title: 'Deposit' }), payout({ goal: 'vip', affiliates: [99999] })],
    },
  });
  const clickid = await insertClick(app, world);
  for (const goal of ['0', 'a b', 'x'.repeat(65), 'goal;DROP TABLE conversions', 'ünïcode']) {
    assert.deepEqual(await postback(app, { clickid, goal }), { status: 2, error: 'Invalid goal value' }, goal);
  }
  assert.deepEqual(await postback(app, { clickid, goal: 'other' }), { status: 2, error: 'Goal not found' });
  assert.deepEqual(await postback(app, { clickid, goal: 'vip' }), { status: 2, error: 'Goal not found' });
  const answer = await postback(app, { clickid, goal: 'DEPOSIT' });
  assert.equal(answer.status, 1);
  const conversion = await app.ctx.store.conversions.get(answer.conversion_id as string);
  assert.equal(conversion?.goal, 'Deposit', 'the goal is stored as configured');
});

test('check 8: invalid status, sum, currency and action_id', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  for (const status of ['4', 'done', '{status}']) {
    assert.deepEqual(await postback(app, { clickid, status }), { status: 2, error: 'Invalid status' }, status);
  }
  for (const sum of ['-1', 'abc', '1e5', '1,5', '9'.repeat(20)]) {
    assert.deepEqual(await postback(app, { clickid, sum }), { status: 2, error: 'Invalid sum' }, sum);
  }
  for (const currency of ['US', 'EURO', '€€€']) {
    assert.deepEqual(await postback(app, { clickid, currency }), { status: 2, error: 'Invalid currency' }, currency);
  }
  assert.deepEqual(await postback(app, { clickid, action_id: 'a'.repeat(256) }), {
    status: 2,
    error: 'Invalid action_id (at most 255 characters)',
  });
});

test('check 9: the click session lifespan', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { offer: { click_lifespan_days: 7 } });
  const old = await insertClick(app, world, Date.now() - 8 * DAY);
  assert.deepEqual(await postback(app, { clickid: old }), { status: 2, error: 'Click session lifespan is expired' });
  const recent = await insertClick(app, world, Date.now() - 6 * DAY);
  const answer = await postback(app, { clickid: recent });
  assert.equal(answer.status, 1);
  const conversion = await app.ctx.store.conversions.get(answer.conversion_id as string);
  assert.ok((conversion?.delta ?? 0) >= 6 * 86_400 - 5, 'delta counts seconds from the click');
});

test('check 10: payout countries against the click country or the ip parameter', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { offer: { payouts: [payout({ countries: ['DE'] })] } });
  const usClick = await insertClick(app, world, Date.now(), { country: 'US' });
  assert.deepEqual(await postback(app, { clickid: usClick }), { status: 2, error: 'Payout not found' });
  const unknown = await insertClick(app, world, Date.now(), { country: null });
  assert.deepEqual(await postback(app, { clickid: unknown }), { status: 2, error: 'Payout not found' });
  const deClick = await insertClick(app, world, Date.now(), { country: 'DE' });
  assert.equal((await postback(app, { clickid: deClick })).status, 1);
  // The ip parameter's country replaces the click's: a private address has none.
  const deClick2 = await insertClick(app, world, Date.now(), { country: 'DE' });
  assert.deepEqual(await postback(app, { clickid: deClick2, ip: '10.1.2.3' }), {
    status: 2,
    error: 'Payout not found',
  });
});

test('a postback failing several checks gets the earliest', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    advertiser: { secure_token: 'tok', allowed_ips: ['203.0.113.7'] },
    offer: { status: 'paused', click_lifespan_days: 1, payouts: [payout({ countries: ['DE'] })] },
  });
  const clickid = await insertClick(app, world, Date.now() - 3 * DAY);
  const bad = { clickid, goal: 'nope', status: 'bad', sum: 'x', currency: 'xx' };
  assert.deepEqual(await postback(app, bad), { status: 2, error: 'Access denied' });
  assert.deepEqual(await postback(app, { ...bad, secure: 'tok' }), {
    status: 2,
    error: 'Current IP-address is denied',
  });
  await app.ctx.store.advertisers.update(world.advertiser.id, { ...world.advertiser, allowed_ips: [] });
  assert.deepEqual(await postback(app, { ...bad, secure: 'tok' }), { status: 2, error: 'Offer disabled' });
  await app.ctx.store.offers.update(world.offer.id, { ...world.offer, status: 'active' });
  assert.deepEqual(await postback(app, { ...bad, secure: 'tok' }), { status: 2, error: 'Goal not found' });
  assert.deepEqual(await postback(app, { ...bad, secure: 'tok', goal: '1' }), { status: 2, error: 'Invalid status' });
  assert.deepEqual(await postback(app, { ...bad, secure: 'tok', goal: '1', status: '1' }), {
    status: 2,
    error: 'Invalid sum',
  });
  assert.deepEqual(await postback(app, { ...bad, secure: 'tok', goal: '1', status: '1', sum: '1' }), {
    status: 2,
    error: 'Invalid currency',
  });
  assert.deepEqual(await postback(app, { clickid, secure: 'tok' }), {
    status: 2,
    error: 'Click session lifespan is expired',
  });
  const fresh = await insertClick(app, world);
  assert.deepEqual(await postback(app, { clickid: fresh, secure: 'tok' }), { status: 2, error: 'Payout not found' });
});

test('the log row records what was passed and the answer', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const answer = await postback(app, {
    clickid,
    txn_id: 'T-1',
    amount: '12.5',
    status: 'Confirmed',
    custom_field3: 'x',
  });
  const [row] = await logRows(app);
  assert.equal(row.clickid, clickid);
  assert.equal(row.offer_id, world.offer.id);
  assert.equal(row.advertiser_id, world.advertiser.id);
  assert.equal(row.affiliate_id, world.affiliate.id);
  assert.equal(row.action_id, 'T-1');
  assert.equal(row.status, 'Confirmed');
  assert.equal(row.goal, null, 'the goal was not passed');
  assert.equal(row.ip, '127.0.0.1');
  assert.deepEqual(row.params, { clickid, txn_id: 'T-1', amount: '12.5', status: 'Confirmed', custom_field3: 'x' });
  assert.deepEqual(row.response, answer);
  const conversion = await app.ctx.store.conversions.get(answer.conversion_id as string);
  assert.equal(conversion?.action_id, 'T-1');
  assert.equal(conversion?.sum, 125_000);
  assert.deepEqual(conversion?.custom_fields, { custom_field3: 'x' });
  assert.deepEqual(conversion?.subs, ['s1', null, null, null, null, null, null, null]);
});
