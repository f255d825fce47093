import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { call, seedCatalog, seedConversion, type Catalog } from '../admin/fixtures.js';

const DAY = 86_400_000;
const NOV_10 = Date.UTC(2026, 10, 10, 12);
const RANGE = 'date_from=2026-11-01&date_to=2026-11-30';

/** Six conversions across offers, affiliates, statuses, countries, goals and days. */
async function seed(app: TestApp): Promise<{ catalog: Catalog; ids: string[] }> {
  const catalog = await seedCatalog(app);
  const [advA, advB] = catalog.advertisers;
  const [offA, offB] = catalog.offers;
  const [affA, affB] = catalog.affiliates;
  const rows = [
    { offer: offA, advertiser: advA, affiliate: affA, status: STATUS.approved, country: 'US', at: NOV_10 },
    {
      offer: offA,
      advertiser: advA,
      affiliate: affB,
      status: STATUS.pending,
      country: 'DE',
      goal: 'sale',
      at: NOV_10 + 1000,
    },
    {
      offer: offB,
      advertiser: advB,
      affiliate: affA,
      status: STATUS.declined,
      country: 'US',
      at: NOV_10 + 2000,
      action_id: 'ORDER-77',
    },
    {
      offer: offB,
      advertiser: advB,
      affiliate: affB,
      status: STATUS.hold,
      country: null,
      goal: 'SALE',
      at: NOV_10 + 3000,
    },
    { offer: offA, advertiser: advA, affiliate: affA, status: STATUS.approved, country: 'FR', at: NOV_10 + 5 * DAY },
    {
      offer: offA,
      advertiser: advA,
      affiliate: affA,
      status: STATUS.approved,
      country: 'US',
      at: Date.UTC(2026, 9, 31, 23, 59),
    },
  ];
  const ids: string[] = [];
  for (const row of rows) ids.push((await seedConversion(app, row)).id);
  return { catalog, ids };
}

async function ids(app: TestApp, query: string): Promise<string[]> {
  const answer = await call(app, 'GET', `/3.0/stats/conversions?${query}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.conversions.map((c: { id: string }) => c.id);
}

test('stats conversions: the date range is inclusive, UTC, newest first', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const { ids: all } = await seed(app);
  const answer = await call(app, 'GET', `/3.0/stats/conversions?${RANGE}`);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.status, 1);
  assert.deepEqual(answer.body.pagination, { per_page: 100, total_count: 5, page: 1 });
  assert.deepEqual(
    answer.body.conversions.map((c: { id: string }) => c.id),
    all.slice(0, 5).reverse(),
  );
  assert.equal(answer.body.conversions[0].status, 'confirmed');
  assert.equal(answer.body.conversions[0].status_code, 1);
  assert.deepEqual(await ids(app, 'date_from=2026-10-31&date_to=2026-10-31'), [all[5]]);
  assert.deepEqual(await ids(app, 'date_from=2026-11-15&date_to=2026-11-15'), [all[4]]);
});

test('stats conversions: each filter narrows the result', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const { catalog, ids: all } = await seed(app);
  const [advA, advB] = catalog.advertisers;
  const [offA, offB] = catalog.offers;
  const [, affB] = catalog.affiliates;
  const expect = async (filter: string, positions: number[]) =>
    assert.deepEqual((await ids(app, `${RANGE}&${filter}`)).sort(), positions.map((i) => all[i]).sort(), filter);
  await expect('status[]=approved', [0, 4]);
  await expect('status[]=1&status[]=declined', [0, 2, 4]);
  await expect('status=on-hold', [3]);
  await expect(`offer[]=${offB}`, [2, 3]);
  await expect(`offer=${offA},${offB}`, [0, 1, 2, 3, 4]);
  await expect(`partner[]=${affB}`, [1, 3]);
  await expect(`advertiser[]=${advB}`, [2, 3]);
  await expect(`advertiser[]=${advA}&partner[]=${affB}`, [1]);
  await expect('country[]=us', [0, 2]);
  await expect('country[]=DE&country[]=FR', [1, 4]);
  await expect('goal=sale', [1, 3]);
  await expect('action_id=ORDER-77', [2]);
  const conversion = await app.ctx.store.conversions.get(all[1]);
  await expect(`clickid=${conversion?.clickid.toUpperCase()}`, [1]);
});

test('stats conversions: pagination', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const { ids: all } = await seed(app);
  const first = await call(app, 'GET', `/3.0/stats/conversions?${RANGE}&limit=2`);
  assert.deepEqual(first.body.pagination, { per_page: 2, total_count: 5, page: 1, next_page: 2 });
  assert.deepEqual(
    first.body.conversions.map((c: { id: string }) => c.id),
    [all[4], all[3]],
  );
  const third = await call(app, 'GET', `/3.0/stats/conversions?${RANGE}&limit=2&page=3`);
  assert.deepEqual(
    third.body.conversions.map((c: { id: string }) => c.id),
    [all[0]],
  );
  const beyond = await call(app, 'GET', `/3.0/stats/conversions?${RANGE}&limit=2&page=9`);
  assert.deepEqual(beyond.body.conversions, []);
  assert.equal(beyond.body.pagination.total_count, 5);
});

test('stats conversions: bad queries get 400 naming the parameter', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const cases: [string, RegExp][] = [
    ['', /^date_from: is required/],
    ['date_from=2026-11-01', /^date_to: is required/],
    ['date_from=2026-11-31&date_to=2026-12-01', /^date_from: expected a date as YYYY-MM-DD/],
    ['date_from=2026-11-05&date_to=2026-11-01', /^date_to: must not be before date_from$/],
    [`${RANGE}&limit=1001`, /^limit: expected a whole number from 1 to 1000/],
    [`${RANGE}&page=0`, /^page: /],
    [`${RANGE}&status[]=paid`, /^status: unknown status "paid"/],
    [`${RANGE}&offer[]=abc`, /^offer: expected ids/],
    [`${RANGE}&country=USA`, /^country: "USA" is not an ISO-3166 alpha-2 country code$/],
    [`${RANGE}&ofer[]=1`, /^ofer\[\]: unknown parameter/],
  ];
  for (const [query, error] of cases) {
    const answer = await call(app, 'GET', `/3.0/stats/conversions?${query}`);
    assert.equal(answer.status, 400, query);
    assert.equal(answer.body.status, 2);
    assert.match(answer.body.error, error, query);
  }
});
