/** Store contract: the server postbacks log (rejected rows appended; filters, search, paging). */
import assert from 'node:assert/strict';
import { DAY, makeLogRow, storeTest } from './fixtures.js';

const PAGE = { page: 1, limit: 100 };

storeTest('postback log: appended rows read back whole, newest first', async ({ store }) => {
  const now = Date.now();
  const rows = [
    makeLogRow({ created_at: now - 2000 }),
    makeLogRow({ created_at: now - 1000, integration: 'c2s', delta: null }),
  ];
  await Promise.all(rows.map((row) => store.postbackLog.append(row)));
  const listed = await store.postbackLog.list({ from: now - DAY, to: now + DAY }, PAGE);
  assert.deepEqual(listed, { total: 2, rows: [rows[1], rows[0]] });
});

storeTest('postback log: filters narrow the rows', async ({ store }) => {
  const now = Date.now();
  const a = makeLogRow({
    created_at: now - 3000,
    offer_id: 1,
    affiliate_id: 7,
    advertiser_id: 3,
    goal: 'Sale',
    status: 'Approved',
    action_id: 'T-1',
    params: { clickid: 'x', comment: 'Hello World' },
    response: { status: 1, message: 'Conversion created', conversion_id: 'c1' },
  });
  const b = makeLogRow({
    created_at: now - 2000,
    offer_id: 2,
    affiliate_id: 8,
    advertiser_id: 4,
    goal: '1',
    status: null,
    params: { clickid: 'y', sub: 'other' },
  });
  const c = makeLogRow({
    created_at: now - 1000,
    offer_id: null,
    affiliate_id: null,
    advertiser_id: null,
    clickid: null,
    goal: null,
    params: {},
    response: { status: 2, error: 'Missing mandatory parameter clickid' },
  });
  const old = makeLogRow({ created_at: now - 5 * DAY });
  for (const row of [a, b, c, old]) await store.postbackLog.append(row);
  const range = { from: now - DAY, to: now + DAY };
  const ids = async (filter: object) =>
    (await store.postbackLog.list({ ...range, ...filter }, PAGE)).rows.map((row) => row.id);

  assert.deepEqual(await ids({}), [c.id, b.id, a.id]);
  assert.deepEqual(await ids({ offer: [1, 2] }), [b.id, a.id]);
  assert.deepEqual(await ids({ partner: [8] }), [b.id]);
  assert.deepEqual(await ids({ supplier: [3] }), [a.id]);
  assert.deepEqual(await ids({ click_id: a.clickid!.toUpperCase() }), [a.id]);
  assert.deepEqual(await ids({ action_id: 'T-1' }), [a.id]);
  assert.deepEqual(await ids({ goal: 'sale' }), [a.id]);
  assert.deepEqual(await ids({ status: 'approved' }), [a.id]);
  assert.deepEqual(await ids({ response_status: 1 }), [a.id]);
  assert.deepEqual(await ids({ response_status: 2 }), [c.id, b.id]);
  assert.deepEqual(await ids({ search: 'o wor' }), [a.id]);
  assert.deepEqual(await ids({ search: 'OTHER' }), [b.id]);
  assert.deepEqual(await ids({ search: 'nowhere' }), []);
  assert.deepEqual(await ids({ from: now - 6 * DAY, to: now - 4 * DAY }), [old.id]);
  const page = await store.postbackLog.list(range, { page: 2, limit: 2 });
  assert.deepEqual({ total: page.total, ids: page.rows.map((row) => row.id) }, { total: 3, ids: [a.id] });
});

storeTest('postback log: search treats its text literally', async ({ store }) => {
  const now = Date.now();
  const row = makeLogRow({ created_at: now, params: { comment: '100%_off' } });
  const plain = makeLogRow({ created_at: now, params: { comment: '100 and off' } });
  await store.postbackLog.append(row);
  await store.postbackLog.append(plain);
  const found = await store.postbackLog.list({ from: now - DAY, to: now + DAY, search: '0%_o' }, PAGE);
  assert.deepEqual(
    found.rows.map((one) => one.id),
    [row.id],
  );
});

storeTest('postback log: many concurrent appends are all committed', async ({ store }) => {
  const now = Date.now();
  const rows = Array.from({ length: 200 }, (_, i) => makeLogRow({ created_at: now, params: { n: String(i) } }));
  await Promise.all(rows.map((row) => store.postbackLog.append(row)));
  assert.equal((await store.postbackLog.list({ from: now - DAY, to: now + DAY }, { page: 1, limit: 1 })).total, 200);
});
