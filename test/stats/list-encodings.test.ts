/**
 * Affise's clients encode list filters in different ways (`name[]=`, PHP's `name[N]=`,
 * repeated `name=`, one `name=`), send `timezone` with every report and read `message` from
 * error bodies. Each encoding must select the same rows on every statistics endpoint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { STATUS } from '../../src/domain/status.js';
import { listParam } from '../../src/http/query.js';
import { ADMIN_KEY, startTestApp, type TestApp } from '../helpers/harness.js';
import { call, seedCatalog, seedConversion } from '../admin/fixtures.js';

const RANGE = 'date_from=2026-11-01&date_to=2026-11-30';

async function ids(app: TestApp, path: string, key: string, query: string): Promise<string[]> {
  const answer = await call(app, 'GET', `/3.0/stats/${path}?${query}`);
  assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
  return answer.body[key].map((row: { id: string }) => row.id).sort();
}

test('list filters: name[]=, name[N]=, repeated name= and one name= select the same rows', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seedCatalog(app);
  const [advA, advB] = catalog.advertisers;
  const [offA, offB] = catalog.offers;
  const [affA, affB] = catalog.affiliates;
  const at = Date.UTC(2026, 10, 10, 12);
  const made = [
    await seedConversion(app, { offer: offA, advertiser: advA, affiliate: affA, status: STATUS.approved, at }),
    await seedConversion(app, { offer: offB, advertiser: advB, affiliate: affB, status: STATUS.declined, at: at + 1 }),
    await seedConversion(app, { offer: offB, advertiser: advB, affiliate: affA, status: STATUS.pending, at: at + 2 }),
  ];
  const expected = (...positions: number[]) => positions.map((i) => made[i]?.id).sort();
  const encodings = (name: string, values: (string | number)[]) => [
    values.map((v) => `${name}[]=${v}`).join('&'),
    values.map((v, i) => `${name}[${i}]=${v}`).join('&'),
    values.map((v, i) => `${encodeURIComponent(`${name}[${i}]`)}=${v}`).join('&'),
    values.map((v) => `${name}=${v}`).join('&'),
    `${name}=${values.join(',')}`,
  ];
  for (const query of encodings('status', [1, 3])) {
    assert.deepEqual(await ids(app, 'conversions', 'conversions', `${RANGE}&${query}`), expected(0, 1), query);
  }
  for (const query of encodings('offer', [offB])) {
    assert.deepEqual(await ids(app, 'conversions', 'conversions', `${RANGE}&${query}`), expected(1, 2), query);
  }
  for (const query of encodings('partner', [affA])) {
    assert.deepEqual(await ids(app, 'conversions', 'conversions', `${RANGE}&${query}`), expected(0, 2), query);
  }
  for (const query of encodings('advertiser', [advA, advB])) {
    assert.deepEqual(await ids(app, 'conversions', 'conversions', `${RANGE}&${query}`), expected(0, 1, 2), query);
  }
  // The server postbacks log holds one row per seeded conversion, under the same filters' names.
  const logCount = async (query: string) =>
    (await call(app, 'GET', `/3.0/stats/serverpostbacks?${RANGE}&${query}`)).body.pagination.total_count;
  for (const query of encodings('supplier', [advB])) assert.equal(await logCount(query), 2, query);
  for (const query of encodings('partner', [affB])) assert.equal(await logCount(query), 1, query);
  for (const path of ['affiliatepostbacks', 'crosspostbacks']) {
    for (const query of [...encodings('offer', [offA, offB]), ...encodings('partner', [affA])]) {
      const answer = await call(app, 'GET', `/3.0/stats/${path}?${RANGE}&${query}`);
      assert.equal(answer.status, 200, `${path}?${query}: ${JSON.stringify(answer.body)}`);
    }
  }
});

test('list filters: an unknown name is refused in every encoding, naming what was sent', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  for (const path of ['conversions', 'serverpostbacks', 'affiliatepostbacks', 'crosspostbacks']) {
    for (const key of ['ofer[]', 'ofer[0]', 'ofer']) {
      const answer = await call(app, 'GET', `/3.0/stats/${path}?${RANGE}&${key}=1`);
      assert.equal(answer.status, 400, `${path} ${key}`);
      assert.ok(answer.body.error.startsWith(`${key}: unknown parameter`), answer.body.error);
      assert.equal(answer.body.message, answer.body.error);
    }
    // A single-valued filter takes no list form.
    const indexed = await call(app, 'GET', `/3.0/stats/${path}?${RANGE}&goal[0]=1`);
    assert.equal(indexed.status, 400, path);
  }
});

test('list filters: nested names such as filter[status] read the same encodings', () => {
  const cases: Record<string, string | string[]>[] = [
    { 'filter[status][]': ['1', '3'] },
    { 'filter[status][1]': '3', 'filter[status][0]': '1' },
    { 'filter[status]': ['1', '3'] },
    { 'filter[status]': '1,3' },
  ];
  for (const query of cases) assert.deepEqual(listParam(query, 'filter[status]'), ['1', '3'], JSON.stringify(query));
  // Index order, not arrival order, and neighbours with a longer name are not taken.
  assert.deepEqual(listParam({ 'status[10]': 'c', 'status[2]': 'b', 'status[0]': 'a', 'statuses[0]': 'x' }, 'status'), [
    'a',
    'b',
    'c',
  ]);
});

test('timezone: the dates are days of the zone, on every statistics endpoint', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seedCatalog(app);
  const [adv] = catalog.advertisers;
  const [offer] = catalog.offers;
  const [affiliate] = catalog.affiliates;
  // 23:30 UTC on 10 November is already 11 November in Berlin (UTC+1), still 10 November in New York.
  const late = await seedConversion(app, {
    offer,
    advertiser: adv,
    affiliate,
    at: Date.UTC(2026, 10, 10, 23, 30),
  });
  const on = (day: string, zone?: string) =>
    `date_from=${day}&date_to=${day}${zone ? `&timezone=${encodeURIComponent(zone)}` : ''}`;
  assert.deepEqual(await ids(app, 'conversions', 'conversions', on('2026-11-10')), [late.id]);
  assert.deepEqual(await ids(app, 'conversions', 'conversions', on('2026-11-10', 'UTC')), [late.id]);
  assert.deepEqual(await ids(app, 'conversions', 'conversions', on('2026-11-10', 'Europe/Berlin')), []);
  assert.deepEqual(await ids(app, 'conversions', 'conversions', on('2026-11-11', 'Europe/Berlin')), [late.id]);
  assert.deepEqual(await ids(app, 'conversions', 'conversions', on('2026-11-10', 'America/New_York')), [late.id]);
  const logCount = async (query: string) =>
    (await call(app, 'GET', `/3.0/stats/serverpostbacks?${query}`)).body.pagination.total_count;
  assert.equal(await logCount(on('2026-11-10', 'Europe/Berlin')), 0);
  assert.equal(await logCount(on('2026-11-11', 'Europe/Berlin')), 1);
  for (const path of ['affiliatepostbacks', 'crosspostbacks']) {
    const answer = await call(app, 'GET', `/3.0/stats/${path}?${on('2026-11-11', 'Asia/Kolkata')}`);
    assert.equal(answer.status, 200, path);
  }
  for (const path of ['conversions', 'serverpostbacks', 'affiliatepostbacks', 'crosspostbacks']) {
    const bad = await call(app, 'GET', `/3.0/stats/${path}?${on('2026-11-11', 'Mars/Olympus')}`);
    assert.equal(bad.status, 400, path);
    assert.match(bad.body.error, /^timezone: expected an IANA time zone/);
    assert.equal(bad.body.message, bad.body.error);
  }
});

test('timezone: a day that changes to summer time is 23 hours long', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seedCatalog(app);
  const [adv] = catalog.advertisers;
  const [offer] = catalog.offers;
  const [affiliate] = catalog.affiliates;
  // Berlin moves to UTC+2 on 29 March 2026: that day runs from 28 March 23:00 to 29 March 22:00 UTC.
  const first = await seedConversion(app, { offer, advertiser: adv, affiliate, at: Date.UTC(2026, 2, 28, 23, 0) });
  const last = await seedConversion(app, { offer, advertiser: adv, affiliate, at: Date.UTC(2026, 2, 29, 21, 59) });
  await seedConversion(app, { offer, advertiser: adv, affiliate, at: Date.UTC(2026, 2, 29, 22, 0) });
  await seedConversion(app, { offer, advertiser: adv, affiliate, at: Date.UTC(2026, 2, 28, 22, 59) });
  const query = 'date_from=2026-03-29&date_to=2026-03-29&timezone=Europe/Berlin';
  assert.deepEqual(await ids(app, 'conversions', 'conversions', query), [first.id, last.id].sort());
});

test('errors: every API error body carries message equal to error', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const noKey = await app.app.inject({ method: 'GET', url: `/3.0/stats/conversions?${RANGE}` });
  assert.deepEqual(
    [noKey.statusCode, noKey.json()],
    [401, { status: 2, error: 'Unauthorized', message: 'Unauthorized' }],
  );
  const unknownRoute = await call(app, 'GET', '/3.0/stats/nothing-here');
  assert.equal(unknownRoute.status, 404);
  assert.equal(unknownRoute.body.message, unknownRoute.body.error);
  const validation = await call(app, 'POST', '/3.0/admin/advertisers', { status: 'active' });
  assert.equal(validation.status, 400);
  assert.equal(validation.body.message, validation.body.error);
});

test("auth: Affise's API-Key header is read in any letter case", async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const base = await app.listen();
  for (const name of ['API-Key', 'api-key', 'API-KEY', 'Api-key']) {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        `${base}/3.0/stats/conversions?${RANGE}`,
        { headers: { [name]: ADMIN_KEY } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end();
    });
    assert.equal(status, 200, name);
  }
});
