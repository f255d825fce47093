/** Store contract: admin and hold-sweep status changes, due holds, and the conversions list. */
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import type { ConversionEvent } from '../../src/domain/commands.js';
import { DAY, makeClick, makeJob, makeRecord, storeTest } from './fixtures.js';

const PAGE = { page: 1, limit: 100 };

storeTest('setStatus: changes status and comment, fans out only a status change', async ({ store }) => {
  const record = makeRecord({ status: STATUS.pending });
  await store.conversions.record(record);
  const events: ConversionEvent[] = [];
  store.setFanOut((event) => {
    events.push(event);
    return [makeJob(event.conversion, { integration: 'admin' })];
  });

  const commented = await store.conversions.setStatus({
    id: record.conversion.id,
    comment: 'checked',
    integration: 'admin',
  });
  assert.equal(commented.conversion?.comment, 'checked');
  assert.equal(commented.conversion?.status, STATUS.pending);
  assert.deepEqual(commented.queued, []);
  assert.equal(events.length, 0);

  const set = await store.conversions.setStatus({
    id: record.conversion.id,
    status: STATUS.approved,
    integration: 'admin',
  });
  const approved = set.conversion;
  assert.equal(approved?.status, STATUS.approved);
  assert.equal(set.queued.length, 1);
  assert.equal(set.queued[0].job.integration, 'admin');
  assert.equal(approved?.comment, 'checked');
  assert.deepEqual(await store.conversions.get(record.conversion.id), approved);
  assert.equal(events.length, 1);
  assert.equal(events[0].previous_status, STATUS.pending);
  assert.equal(events[0].integration, 'admin');
  const jobs = await store.outbound.list({ from: 0, to: Date.now() + DAY, kinds: ['postback'] }, PAGE);
  assert.equal(jobs.total, 2);
  assert.ok(jobs.rows.some((job) => job.id === set.queued[0].id));

  const same = await store.conversions.setStatus({
    id: record.conversion.id,
    status: STATUS.approved,
    integration: 'admin',
  });
  assert.deepEqual(same, { conversion: approved, queued: [] });
  assert.equal(events.length, 1);
  assert.deepEqual(
    await store.conversions.setStatus({ id: 'f'.repeat(24), status: STATUS.declined, integration: 'admin' }),
    { conversion: null, queued: [] },
  );
});

storeTest('setStatus: only_if_status guards the hold sweep against a concurrent change', async ({ store }) => {
  const now = Date.now();
  const record = makeRecord({ status: STATUS.hold, now: now - 2 * DAY });
  await store.conversions.record(record);
  const due = await store.conversions.dueHolds(now, 10);
  assert.deepEqual(
    due.map((c) => c.id),
    [record.conversion.id],
  );
  assert.deepEqual(await store.conversions.dueHolds(now - 3 * DAY, 10), []);

  await store.conversions.setStatus({
    id: record.conversion.id,
    status: STATUS.declined,
    integration: 'admin',
  });
  const swept = await store.conversions.setStatus({
    id: record.conversion.id,
    status: STATUS.approved,
    only_if_status: STATUS.hold,
    integration: 'hold',
  });
  assert.deepEqual(swept, { conversion: null, queued: [] });
  assert.equal((await store.conversions.get(record.conversion.id))?.status, STATUS.declined);
  assert.deepEqual(await store.conversions.dueHolds(now, 10), []);
});

storeTest('conversions list: newest first, filtered, paged', async ({ store }) => {
  const now = Date.now();
  const a = makeRecord({
    now: now - 3000,
    click: makeClick({ offer_id: 1, affiliate_id: 7, country: 'DE' }),
    goal: 'Sale',
    action_id: 'A-1',
  });
  const b = makeRecord({
    now: now - 2000,
    click: makeClick({ offer_id: 2, affiliate_id: 8, country: 'FR' }),
    status: STATUS.pending,
  });
  const c = makeRecord({
    now: now - 1000,
    click: makeClick({ offer_id: 1, affiliate_id: 8, country: 'DE' }),
    status: STATUS.declined,
  });
  const old = makeRecord({ now: now - 10 * DAY });
  for (const record of [a, b, c, old]) await store.conversions.record(record);
  const range = { from: now - DAY, to: now + DAY };
  const ids = async (filter: object, page = PAGE) =>
    (await store.conversions.list({ ...range, ...filter }, page)).rows.map((row) => row.id);

  assert.deepEqual(
    await ids({}),
    [c, b, a].map((r) => r.conversion.id),
  );
  assert.deepEqual(
    await ids({ offer: [1] }),
    [c, a].map((r) => r.conversion.id),
  );
  assert.deepEqual(await ids({ partner: [8], status: [STATUS.pending] }), [b.conversion.id]);
  assert.deepEqual(
    await ids({ country: ['de'] }),
    [c, a].map((r) => r.conversion.id),
  );
  assert.deepEqual(await ids({ goal: 'SALE' }), [a.conversion.id]);
  assert.deepEqual(await ids({ action_id: 'A-1' }), [a.conversion.id]);
  assert.deepEqual(await ids({ clickid: b.conversion.clickid.toUpperCase() }), [b.conversion.id]);
  assert.deepEqual(await ids({ advertiser: [99] }), []);
  const second = await store.conversions.list(range, { page: 2, limit: 2 });
  assert.deepEqual(second, { total: 3, rows: [await store.conversions.get(a.conversion.id)] });
  assert.equal((await store.conversions.list({ from: 0, to: now + DAY }, PAGE)).total, 4);
});
