import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import { newObjectId } from '../../src/domain/object-id.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { call, seedCatalog, seedConversion, type Catalog } from '../admin/fixtures.js';

const NOV_10 = Date.UTC(2026, 10, 10, 12);
const DAY = 86_400_000;

/** Conversions of both offers on Nov 10 and Nov 20, and one outside the shared range. */
async function seed(app: TestApp): Promise<Catalog> {
  const catalog = await seedCatalog(app);
  const [advA, advB] = catalog.advertisers;
  const [offA, offB] = catalog.offers;
  const [affA] = catalog.affiliates;
  for (const at of [NOV_10, NOV_10 + 10 * DAY, NOV_10 + 30 * DAY]) {
    await seedConversion(app, { offer: offA, advertiser: advA, affiliate: affA, at });
    await seedConversion(app, {
      offer: offB,
      advertiser: advB,
      affiliate: affA,
      status: STATUS.pending,
      at: at + 1000,
    });
  }
  return catalog;
}

async function share(app: TestApp, payload: object): Promise<{ token: string; url: string }> {
  const answer = await call(app, 'POST', '/3.0/admin/share-links', payload);
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

/** A keyless GET of a shared view. */
async function view(app: TestApp, url: string) {
  const response = await app.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
}

test('share links: the view shows exactly the slice with its fixed filters, without a key', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seed(app);
  const offA = catalog.offers[0];
  const link = await share(app, {
    slice: 'conversions',
    filters: { date_from: '2026-11-01', date_to: '2026-11-30', 'offer[]': [offA] },
  });
  assert.match(link.token, /^[A-Za-z0-9_-]{32,}$/);
  assert.equal(link.url, `/share/${link.token}`);

  const shown = await view(app, link.url);
  assert.equal(shown.status, 200);
  const direct = await call(
    app,
    'GET',
    `/3.0/stats/conversions?date_from=2026-11-01&date_to=2026-11-30&offer[]=${offA}`,
  );
  assert.deepEqual(shown.body, direct.body, 'the same answer as the stats route');
  assert.equal(shown.body.conversions.length, 2);
  assert.ok(shown.body.conversions.every((c: { offer_id: number }) => c.offer_id === offA));

  const paged = await view(app, `${link.url}?limit=1&page=2`);
  assert.deepEqual(paged.body.pagination, { per_page: 1, total_count: 2, page: 2 });
  const narrowed = await view(app, `${link.url}?date_from=2026-11-15&date_to=2026-11-30`);
  assert.equal(narrowed.body.conversions.length, 1);
  assert.equal(narrowed.body.conversions[0].created_at, new Date(NOV_10 + 10 * DAY).toISOString());
});

test('share links: fixed filters cannot be widened or changed', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seed(app);
  const link = await share(app, {
    slice: 'conversions',
    filters: { date_from: '2026-11-01', date_to: '2026-11-30', offer: String(catalog.offers[0]) },
  });
  const cases: [string, RegExp][] = [
    [
      `?offer[]=${catalog.offers[1]}`,
      /^offer\[\]: a share link's filters are fixed; only page, limit, date_from and date_to may be given$/,
    ],
    ['?status=pending', /^status: a share link's filters are fixed/],
    ['?date_from=2026-10-01', /^date_from, date_to: must lie within the shared range 2026-11-01\.\.2026-11-30$/],
    ['?date_to=2026-12-31', /^date_from, date_to: must lie within the shared range/],
    ['?date_from=2026-11-20&date_to=2026-11-10', /^date_to: must not be before date_from$/],
    ['?limit=5000', /^limit: /],
    ['?date_from=yesterday', /^date_from: expected a date/],
  ];
  for (const [query, error] of cases) {
    const answer = await view(app, `${link.url}${query}`);
    assert.equal(answer.status, 400, query);
    assert.equal(answer.body.status, 2);
    assert.match(answer.body.error, error, query);
  }
});

test('share links: bad slices and filters are refused when the link is made', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const cases: [object, RegExp][] = [
    [{ slice: 'clicks', filters: {} }, /^slice: /],
    [{ slice: 'conversions' }, /^filters: is required$/],
    [{ slice: 'conversions', filters: { date_to: '2026-11-30' } }, /^filters\.date_from: is required/],
    [
      { slice: 'conversions', filters: { date_from: '2026-11-01', date_to: '2026-11-30', 'status[]': ['paid'] } },
      /^filters\.status: unknown status "paid"/,
    ],
    [
      { slice: 'serverpostbacks', filters: { date_from: '2026-11-01', date_to: '2026-11-30', advertiser: '1' } },
      /^filters\.advertiser: unknown parameter/,
    ],
    [
      { slice: 'crosspostbacks', filters: { date_from: '2026-11-01', date_to: '2026-11-30', type: 'postback' } },
      /^filters\.type: /,
    ],
    [
      {
        slice: 'conversions',
        filters: { date_from: '2026-11-01', date_to: '2026-11-30' },
        expires_at: '2020-01-01T00:00:00Z',
      },
      /^expires_at: must be in the future$/,
    ],
    [
      { slice: 'conversions', filters: { date_from: '2026-11-01', date_to: '2026-11-30' }, expires_at: 'soon' },
      /^expires_at: expected an ISO-8601 time/,
    ],
  ];
  for (const [payload, error] of cases) {
    const answer = await call(app, 'POST', '/3.0/admin/share-links', payload);
    assert.equal(answer.status, 400, JSON.stringify(payload));
    assert.match(answer.body.error, error, JSON.stringify(payload));
  }
});

test('share links: every slice can be shared', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const filters = { date_from: '2026-11-01', date_to: '2026-11-30' };
  for (const [slice, key] of [
    ['conversions', 'conversions'],
    ['serverpostbacks', 'postbacks'],
    ['affiliatepostbacks', 'postbacks'],
    ['crosspostbacks', 'postbacks'],
  ]) {
    const link = await share(app, { slice, filters });
    const shown = await view(app, link.url);
    assert.equal(shown.status, 200, slice);
    assert.deepEqual(
      shown.body,
      { status: 1, [key]: [], pagination: { per_page: 100, total_count: 0, page: 1 } },
      slice,
    );
  }
});

test('share links: revoked, expired and unknown links are 404', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const filters = { date_from: '2026-11-01', date_to: '2026-11-30' };
  const link = await share(app, {
    slice: 'conversions',
    filters,
    expires_at: new Date(Date.now() + DAY).toISOString(),
  });
  assert.equal((await view(app, link.url)).status, 200, 'not expired yet');
  const info = await call(app, 'GET', `/3.0/admin/share-links/${link.token}`);
  assert.equal(info.body.slice, 'conversions');
  assert.deepEqual(info.body.filters, filters);

  assert.deepEqual(await call(app, 'DELETE', `/3.0/admin/share-links/${link.token}`), {
    status: 200,
    body: { status: 1 },
  });
  assert.deepEqual(await view(app, link.url), {
    status: 404,
    body: { status: 2, error: 'Share link not found or expired', message: 'Share link not found or expired' },
  });
  assert.equal((await call(app, 'DELETE', `/3.0/admin/share-links/${link.token}`)).status, 404, 'revoked once');

  // A link whose expiry has passed (written through the store: the API refuses past expiries).
  const token = 'expired-token-0123456789abcdefghijklmnop';
  await app.ctx.store.shareLinks.create({
    token,
    slice: 'conversions',
    filters,
    expires_at: Date.now() - 1000,
    revoked_at: null,
    created_at: Date.now() - DAY,
  });
  assert.equal((await view(app, `/share/${token}`)).status, 404);
  assert.equal((await view(app, '/share/never-made')).status, 404);
});

test('share links: the secure token of a logged postback is masked, admins still see it', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const at = Date.now();
  const day = new Date(at).toISOString().slice(0, 10);
  await app.ctx.store.postbackLog.append({
    id: newObjectId(at),
    created_at: at,
    offer_id: null,
    advertiser_id: null,
    affiliate_id: null,
    clickid: null,
    status: null,
    goal: null,
    action_id: null,
    ip: '203.0.113.9',
    integration: 's2s',
    delta: null,
    params: { clickid: 'x', secure: 's3cr3t-token', afsecure: 'pixel-token' },
    response: { status: 2, error: 'Broken clickid (24 symbols expected)' },
  });
  const filters = { date_from: day, date_to: day };
  const link = await share(app, { slice: 'serverpostbacks', filters });
  const shown = await view(app, link.url);
  const masked = shown.body.postbacks[0];
  assert.equal(masked.params.secure, '***');
  assert.equal(masked.params.afsecure, '***');
  assert.equal(masked.params.clickid, 'x');
  // Affise's copies of the parameters are masked too.
  assert.deepEqual(masked._get, masked.params);
  assert.equal(JSON.stringify(masked).includes('s3cr3t-token'), false);
  assert.equal(JSON.stringify(masked).includes('pixel-token'), false);
  const admin = await call(app, 'GET', `/3.0/stats/serverpostbacks?date_from=${day}&date_to=${day}`);
  assert.equal(admin.body.postbacks[0].params.secure, 's3cr3t-token');
});
