/**
 * The ConversionRepo under a running app, on the app's backend: the outbox (jobs written with the event), setStatus guards and
 * fan-out only on real changes, and the list filters of the conversions slice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newObjectId } from '../../src/domain/object-id.js';
import { STATUS } from '../../src/domain/status.js';
import type { ConversionEvent, FanOut } from '../../src/domain/commands.js';
import { startTestApp } from '../helpers/harness.js';
import { makeJob, makeRecord } from '../store/fixtures.js';
import { insertClick, payout, postback, seedWorld } from './fixtures.js';

const DAY = 86_400_000;
const ALL_OUTBOUND = { from: 0, to: Date.now() + DAY, kinds: ['postback' as const] };
const FIRST_PAGE = { page: 1, limit: 100 };

/** The store suite's one job per event, with the event's integration; records the events. */
function oneJobPerEvent(): { fanOut: FanOut; events: ConversionEvent[] } {
  const events: ConversionEvent[] = [];
  const fanOut: FanOut = (event) => {
    events.push(event);
    return [makeJob(event.conversion, { status: event.conversion.status, integration: event.integration })];
  };
  return { fanOut, events };
}

test('setStatus: fan-out on a real change only, only_if_status guard, unknown id', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { offer: { payouts: [payout({ default_status: STATUS.pending })] } });
  const answer = await postback(app, { clickid: await insertClick(app, world) });
  const id = answer.conversion_id as string;
  const { fanOut, events } = oneJobPerEvent();
  app.ctx.store.setFanOut(fanOut);
  const conversions = app.ctx.store.conversions;

  assert.deepEqual(await conversions.setStatus({ id: 'nope', status: STATUS.approved, integration: 'admin' }), {
    conversion: null,
    queued: [],
  });
  assert.deepEqual(
    await conversions.setStatus({
      id,
      status: STATUS.approved,
      only_if_status: STATUS.hold,
      integration: 'hold',
    }),
    { conversion: null, queued: [] },
  );
  assert.equal(events.length, 0);

  const commented = (await conversions.setStatus({ id, comment: 'checked', integration: 'admin' })).conversion;
  assert.equal(commented?.comment, 'checked');
  assert.equal(commented?.status, STATUS.pending);
  assert.equal(events.length, 0, 'a comment alone is no status change');

  const declined = await conversions.setStatus({ id, status: STATUS.declined, integration: 'admin' });
  assert.equal(declined.conversion?.status, STATUS.declined);
  assert.equal(declined.queued.length, 1);
  assert.equal(events.length, 1);
  assert.equal(events[0].previous_status, STATUS.pending);
  assert.equal(events[0].integration, 'admin');
  await conversions.setStatus({ id, status: STATUS.declined, integration: 'admin' });
  assert.equal(events.length, 1, 'the same status again fires nothing');

  const jobs = (await app.ctx.store.outbound.list(ALL_OUTBOUND, FIRST_PAGE)).rows.map(
    ({ conversion_id, status, integration, state }) => ({ conversion_id, status, integration, state }),
  );
  assert.deepEqual(jobs, [{ conversion_id: id, status: STATUS.declined, integration: 'admin', state: 'pending' }]);
});

test('record: created and updated events write their jobs in the same write; exists writes none', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const { fanOut, events } = oneJobPerEvent();
  app.ctx.store.setFanOut(fanOut);
  const click = await app.ctx.store.clicks.get(clickid);
  assert.ok(click);
  const now = Date.now();
  const record = makeRecord({ click, action_id: 'A', status: STATUS.pending, now });
  const conversion = record.conversion;
  // The same postback again: new ids for what it would create and log.
  const again = () => ({
    ...record,
    conversion: { ...conversion, id: newObjectId(now) },
    log: { ...record.log, id: newObjectId(now) },
  });
  const created = await app.ctx.store.conversions.record(record);
  assert.equal(created.outcome.kind, 'created');
  assert.equal(created.queued.length, 1);
  const repeat = await app.ctx.store.conversions.record(again());
  assert.deepEqual(repeat, { outcome: { kind: 'exists', conversion_id: conversion.id }, queued: [] });
  const updated = await app.ctx.store.conversions.record({
    ...again(),
    passed_status: STATUS.approved,
    passed_comment: 'ok',
  });
  assert.equal(updated.outcome.kind, 'updated');
  assert.equal(updated.queued.length, 1);
  // The rules are pure, and PostgreSQL may ask them before its insert is known to win: what
  // counts is which events they were asked about, and the jobs committed (counted below).
  const asked = new Set(events.map((e) => JSON.stringify([e.previous_status, e.conversion.status])));
  assert.deepEqual(
    [...asked].map((e) => JSON.parse(e)),
    [
      [null, STATUS.pending],
      [STATUS.pending, STATUS.approved],
    ],
  );

  assert.equal((await app.ctx.store.outbound.list(ALL_OUTBOUND, FIRST_PAGE)).total, 2);
  const logged = await app.ctx.store.postbackLog.list({ from: 0, to: now + DAY }, FIRST_PAGE);
  assert.deepEqual(
    logged.rows.map((row) => row.response),
    [
      { status: 1, message: 'Conversion updated', conversion_id: conversion.id },
      { status: 2, error: 'Conversion exists' },
      { status: 1, message: 'Conversion created', conversion_id: conversion.id },
    ],
    'newest first',
  );
});

test('list: filters of the conversions slice, newest first, paging', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const answer = await postback(app, {
      clickid: await insertClick(app, world, Date.now(), { country: i % 2 ? 'DE' : 'US' }),
      status: i < 2 ? 'pending' : 'approved',
      action_id: `A${i}`,
    });
    ids.push(answer.conversion_id as string);
  }
  const range = { from: Date.now() - 60_000, to: Date.now() + 60_000 };
  const list = (filter: object, page = { page: 1, limit: 100 }) =>
    app.ctx.store.conversions.list({ ...range, ...filter }, page);
  assert.deepEqual(
    (await list({})).rows.map((c) => c.id),
    [...ids].reverse(),
  );
  assert.equal((await list({ status: [STATUS.pending] })).total, 2);
  assert.equal((await list({ country: ['de'] })).total, 2);
  assert.equal(
    (await list({ offer: [world.offer.id], partner: [world.affiliate.id], advertiser: [world.advertiser.id] })).total,
    5,
  );
  assert.equal((await list({ offer: [999] })).total, 0);
  assert.equal((await list({ goal: '1', action_id: 'A3' })).rows[0].id, ids[3]);
  const clickid = (await app.ctx.store.conversions.get(ids[0]))?.clickid as string;
  assert.equal((await list({ clickid: clickid.toUpperCase() })).total, 1);
  const page2 = await list({}, { page: 2, limit: 2 });
  assert.equal(page2.total, 5);
  assert.deepEqual(
    page2.rows.map((c) => c.id),
    [ids[2], ids[1]],
  );
  assert.equal((await app.ctx.store.conversions.list({ from: 0, to: range.from }, { page: 1, limit: 10 })).total, 0);
});
