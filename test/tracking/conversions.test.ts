/** Conversions through /postback: defaults, identity per `multiple` mode, status moves, money. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import { startTestApp } from '../helpers/harness.js';
import { allConversions, insertClick, logRows, money, payout, postback, seedWorld } from './fixtures.js';

test('default goal 1 and the goal default status; goals match case-insensitively', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    offer: { payouts: [payout({ default_status: STATUS.pending }), payout({ goal: 'Install', title: 'App install' })] },
  });
  const clickid = await insertClick(app, world);
  const first = await postback(app, { clickid });
  assert.equal(first.message, 'Conversion created');
  const c1 = await app.ctx.store.conversions.get(first.conversion_id as string);
  assert.equal(c1?.goal, '1');
  assert.equal(c1?.status, STATUS.pending);
  assert.equal(c1?.action_id, clickid, 'no action_id: the click id');
  assert.equal(c1?.revenue, money('10'));
  assert.equal(c1?.payout, money('7'));
  assert.equal(c1?.currency, 'USD');

  const second = await postback(app, { clickid, goal_value: 'iNsTaLl', currency: 'eur' });
  const c2 = await app.ctx.store.conversions.get(second.conversion_id as string);
  assert.equal(c2?.goal, 'Install');
  assert.equal(c2?.goal_title, 'App install');
  assert.equal(c2?.status, STATUS.approved);
  assert.equal(c2?.currency, 'EUR');
  // Same identity in another case: the same conversion.
  assert.deepEqual(await postback(app, { clickid, goal: 'INSTALL' }), { status: 2, error: 'Conversion exists' });
});

test('mode txn: one conversion per action_id; without action_id one per click', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  assert.equal((await postback(app, { clickid, action_id: 'A' })).status, 1);
  assert.deepEqual(await postback(app, { clickid, action_id: 'A' }), { status: 2, error: 'Conversion exists' });
  assert.equal((await postback(app, { clickid, action_id: 'B' })).status, 1);
  assert.equal((await postback(app, { clickid })).status, 1);
  assert.deepEqual(await postback(app, { clickid }), { status: 2, error: 'Conversion exists' });
  // The action id is the advertiser's: another click with the same one is the same conversion.
  const other = await insertClick(app, world);
  assert.deepEqual(await postback(app, { clickid: other, action_id: 'A' }), { status: 2, error: 'Conversion exists' });
  assert.equal((await allConversions(app)).length, 3);
});

test('mode no: at most one conversion per click and goal', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    offer: { payouts: [payout({ multiple: 'no', default_status: STATUS.pending })] },
  });
  const clickid = await insertClick(app, world);
  const created = await postback(app, { clickid, action_id: 'A' });
  assert.equal(created.status, 1);
  assert.deepEqual(await postback(app, { clickid, action_id: 'B' }), { status: 2, error: 'Conversion exists' });
  assert.deepEqual(await postback(app, { clickid }), { status: 2, error: 'Conversion exists' });
  // The repeat may still move the one conversion's status.
  assert.deepEqual(await postback(app, { clickid, action_id: 'C', status: 'approved' }), {
    status: 1,
    message: 'Conversion updated',
    conversion_id: created.conversion_id,
  });
  const another = await insertClick(app, world);
  assert.equal((await postback(app, { clickid: another, action_id: 'B' })).status, 1);
  assert.equal((await allConversions(app)).length, 2);
});

test('mode yes: no action_id always creates; an action_id still deduplicates', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { offer: { payouts: [payout({ multiple: 'yes' })] } });
  const clickid = await insertClick(app, world);
  for (let i = 0; i < 3; i++) assert.equal((await postback(app, { clickid })).message, 'Conversion created');
  assert.equal((await postback(app, { clickid, action_id: 'X' })).status, 1);
  assert.deepEqual(await postback(app, { clickid, action_id: 'X' }), { status: 2, error: 'Conversion exists' });
  assert.equal((await allConversions(app)).length, 4);
});

test('status moves: pending -> approved updates, approved -> declined refused, same status exists', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { offer: { payouts: [payout({ default_status: STATUS.pending })] } });
  const clickid = await insertClick(app, world);
  const created = await postback(app, { clickid, action_id: 'o-1' });
  const id = created.conversion_id as string;
  assert.deepEqual(await postback(app, { clickid, action_id: 'o-1', status: 'pending' }), {
    status: 2,
    error: 'Conversion exists',
  });
  assert.deepEqual(await postback(app, { clickid, action_id: 'o-1' }), { status: 2, error: 'Conversion exists' });
  const updated = await postback(app, { clickid, action_id: 'o-1', status: '1', comment: 'paid' });
  assert.deepEqual(updated, { status: 1, message: 'Conversion updated', conversion_id: id });
  const after = await app.ctx.store.conversions.get(id);
  assert.equal(after?.status, STATUS.approved);
  assert.equal(after?.comment, 'paid');
  assert.deepEqual(await postback(app, { clickid, action_id: 'o-1', status: 'rejected' }), {
    status: 2,
    error: 'Conversion status is not pending',
  });
  assert.deepEqual(await postback(app, { clickid, action_id: 'o-1', status: 'APPROVED' }), {
    status: 2,
    error: 'Conversion exists',
  });
  assert.equal((await app.ctx.store.conversions.get(id))?.status, STATUS.approved);
  const responses = (await logRows(app)).map((row) => row.response.message ?? row.response.error);
  assert.deepEqual(responses.reverse(), [
    'Conversion created',
    'Conversion exists',
    'Conversion exists',
    'Conversion updated',
    'Conversion status is not pending',
    'Conversion exists',
  ]);
});

test('percent payouts with awkward decimals round half up to 4 digits', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    offer: { payouts: [payout({ payout_type: 'percent', revenue: money('33.3333'), payout: money('12.5') })] },
  });
  const cases: [string | undefined, number, number][] = [
    ['0.0003', 1, 0], // 0.0003 * 33.3333% = 0.0000999 -> 0.0001; * 12.5% = 0.0000375 -> 0
    ['100.01', money('33.3366'), money('12.5013')], // 33.33663.. -> 33.3366; 12.50125 -> 12.5013 (half up)
    ['0.1', money('0.0333'), money('0.0125')],
    [undefined, 0, 0], // percent without a sum pays nothing
  ];
  for (const [sum, revenue, payoutValue] of cases) {
    const clickid = await insertClick(app, world);
    const answer = await postback(app, sum === undefined ? { clickid } : { clickid, sum });
    const conversion = await app.ctx.store.conversions.get(answer.conversion_id as string);
    assert.equal(conversion?.revenue, revenue, `revenue of ${sum}`);
    assert.equal(conversion?.payout, payoutValue, `payout of ${sum}`);
  }
});

test('comments longer than 1000 characters are cut; custom fields are kept', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const answer = await postback(app, {
    clickid,
    comment: 'é'.repeat(1500),
    custom_field1: 'a',
    custom_field15: 'z',
    custom_field16: 'no',
  });
  const conversion = await app.ctx.store.conversions.get(answer.conversion_id as string);
  assert.equal(conversion?.comment, 'é'.repeat(1000));
  assert.deepEqual(conversion?.custom_fields, { custom_field1: 'a', custom_field15: 'z' });
  const [row] = await logRows(app);
  assert.equal(row.params.comment.length, 1500, 'the log keeps the parameter as received');
});
