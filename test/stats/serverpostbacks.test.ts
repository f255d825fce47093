import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newObjectId } from '../../src/domain/object-id.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { call, logRow } from '../admin/fixtures.js';

const NOV_10 = Date.UTC(2026, 10, 10, 12);
const RANGE = 'date_from=2026-11-01&date_to=2026-11-30';
const CLICK = newObjectId(NOV_10 - 60_000);

/** Five log rows: accepted and rejected, s2s and pixel, across offers, affiliates and advertisers. */
async function seed(app: TestApp): Promise<string[]> {
  const rows = [
    logRow({
      at: NOV_10,
      offer: 1,
      advertiser: 10,
      affiliate: 100,
      clickid: CLICK,
      goal: '1',
      status: 'approved',
      params: { clickid: CLICK, sum: '12.50', custom_field1: 'Blue-Widget' },
    }),
    logRow({
      at: NOV_10 + 1000,
      offer: 1,
      advertiser: 10,
      affiliate: 200,
      clickid: CLICK,
      goal: 'Sale',
      status: '2',
      action_id: 'TX-1',
      params: { clickid: CLICK, goal: 'Sale', txn_id: 'TX-1' },
      response: { status: 1, message: 'Conversion created', conversion_id: 'c1' },
    }),
    logRow({
      at: NOV_10 + 2000,
      offer: 2,
      advertiser: 20,
      affiliate: 100,
      clickid: CLICK,
      goal: '1',
      integration: 'c2s',
      params: { clickid: CLICK, pixel: '1' },
      response: { status: 2, error: 'Conversion exists' },
    }),
    logRow({
      at: NOV_10 + 3000,
      params: { clickid: 'broken' },
      clickid: 'broken',
      response: { status: 2, error: 'Broken clickid (24 symbols expected)' },
    }),
    logRow({ at: Date.UTC(2026, 11, 1), offer: 1, advertiser: 10, affiliate: 100, params: { clickid: CLICK } }),
  ];
  for (const row of rows) await app.ctx.store.postbackLog.append(row);
  return rows.map((row) => row.id);
}

async function ids(app: TestApp, query: string): Promise<string[]> {
  const answer = await call(app, 'GET', `/3.0/stats/serverpostbacks?${query}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.postbacks.map((row: { id: string }) => row.id);
}

test('stats serverpostbacks: rows have every log field, newest first', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const all = await seed(app);
  const answer = await call(app, 'GET', `/3.0/stats/serverpostbacks?${RANGE}`);
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body.pagination, { per_page: 100, total_count: 4, page: 1 });
  assert.deepEqual(
    answer.body.postbacks.map((row: { id: string }) => row.id),
    all.slice(0, 4).reverse(),
  );
  const row = answer.body.postbacks.find((r: { id: string }) => r.id === all[1]);
  const params = { clickid: CLICK, goal: 'Sale', txn_id: 'TX-1' };
  assert.deepEqual(row, {
    id: all[1],
    _id: { $id: all[1] },
    date: { sec: Math.floor((NOV_10 + 1000) / 1000), usec: 0 },
    created_at: new Date(NOV_10 + 1000).toISOString(),
    offer_id: 1,
    advertiser_id: 10,
    affiliate_id: 200,
    pid: 200,
    clickid: CLICK,
    status: 2,
    goal: 'Sale',
    action_id: 'TX-1',
    ip: '203.0.113.7',
    server: '203.0.113.7',
    integration: 's2s',
    delta: 60,
    params,
    _get: params,
    _post: [],
    get: JSON.stringify(params),
    post: '[]',
    response: JSON.stringify({ status: 1, message: 'Conversion created', conversion_id: 'c1' }),
    result: { status: 1, conversion_id: 'c1' },
    lead_id: 'c1',
    http_code: 200,
    supplier: { id: '10', title: null },
    track: null,
  });
  const rejected = answer.body.postbacks.find((r: { id: string }) => r.id === all[2]);
  assert.deepEqual(rejected.result, { status: 2, error: 'Conversion exists' });
  assert.deepEqual(JSON.parse(rejected.response), { status: 2, error: 'Conversion exists' });
  assert.equal(rejected.integration, 'c2s');
});

test('stats serverpostbacks: each filter narrows the result', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const all = await seed(app);
  const expect = async (filter: string, positions: number[]) =>
    assert.deepEqual((await ids(app, `${RANGE}&${filter}`)).sort(), positions.map((i) => all[i]).sort(), filter);
  await expect('offer[]=2', [2]);
  await expect('offer[]=1&offer[]=2', [0, 1, 2]);
  await expect('partner=200', [1]);
  await expect('supplier[]=20', [2]);
  await expect(`click_id=${CLICK.toUpperCase()}`, [0, 1, 2]);
  await expect('action_id=TX-1', [1]);
  await expect('goal=sale', [1]);
  await expect('status=APPROVED', [0]);
  await expect('response_status=2', [2, 3]);
  await expect('response_status=1', [0, 1]);
  await expect('offer[]=1&partner[]=100', [0]);
});

test('stats serverpostbacks: search is a partial, case-insensitive match over parameter values', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const all = await seed(app);
  const expect = async (search: string, positions: number[]) =>
    assert.deepEqual(
      (await ids(app, `${RANGE}&search=${encodeURIComponent(search)}`)).sort(),
      positions.map((i) => all[i]).sort(),
      search,
    );
  await expect('blue-w', [0]);
  await expect('WIDGET', [0]);
  await expect('tx-', [1]);
  await expect('12.5', [0]);
  await expect('broke', [3]);
  await expect('nothing-like-this', []);
  await expect('txn_id', []); // parameter names are not searched, only values
});

test('stats serverpostbacks: pagination and bad queries', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const all = await seed(app);
  const page2 = await call(app, 'GET', `/3.0/stats/serverpostbacks?${RANGE}&limit=3&page=2`);
  assert.deepEqual(page2.body.pagination, { per_page: 3, total_count: 4, page: 2 });
  assert.deepEqual(
    page2.body.postbacks.map((row: { id: string }) => row.id),
    [all[0]],
  );
  const cases: [string, RegExp][] = [
    ['date_to=2026-11-30', /^date_from: is required/],
    [`${RANGE}&response_status=3`, /^response_status: expected 1 or 2, got "3"$/],
    [`${RANGE}&supplier[]=x`, /^supplier: expected ids/],
    [`${RANGE}&advertiser[]=1`, /^advertiser\[\]: unknown parameter/],
  ];
  for (const [query, error] of cases) {
    const answer = await call(app, 'GET', `/3.0/stats/serverpostbacks?${query}`);
    assert.equal(answer.status, 400, query);
    assert.match(answer.body.error, error, query);
  }
});
