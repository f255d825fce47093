import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';
import { create } from './fixtures.js';

/** Every admin and stats route of this area, with a body where the route takes one. */
const ROUTES: [string, string, object?][] = [
  ['GET', '/3.0/admin/advertisers'],
  ['POST', '/3.0/admin/advertisers', { name: 'x' }],
  ['GET', '/3.0/admin/advertisers/1'],
  ['PATCH', '/3.0/admin/advertisers/1', { name: 'x' }],
  ['DELETE', '/3.0/admin/advertisers/1'],
  ['GET', '/3.0/admin/affiliates'],
  ['POST', '/3.0/admin/affiliates', { name: 'x' }],
  ['GET', '/3.0/admin/affiliates/1'],
  ['PATCH', '/3.0/admin/affiliates/1', { name: 'x' }],
  ['DELETE', '/3.0/admin/affiliates/1'],
  ['POST', '/3.0/admin/affiliates/1/api-key'],
  ['GET', '/3.0/admin/offers'],
  ['POST', '/3.0/admin/offers', { title: 'x' }],
  ['GET', '/3.0/admin/offers/1'],
  ['PATCH', '/3.0/admin/offers/1', { title: 'x' }],
  ['DELETE', '/3.0/admin/offers/1'],
  ['GET', '/3.0/admin/conversions/abc'],
  ['PATCH', '/3.0/admin/conversions/abc', { status: 'approved' }],
  ['POST', '/3.0/admin/share-links', { slice: 'conversions', filters: {} }],
  ['GET', '/3.0/admin/share-links/abc'],
  ['DELETE', '/3.0/admin/share-links/abc'],
  ['GET', '/3.0/stats/conversions?date_from=2026-01-01&date_to=2026-01-02'],
  ['GET', '/3.0/stats/serverpostbacks?date_from=2026-01-01&date_to=2026-01-02'],
];

test('every admin and stats route answers 401 without a key, with a wrong key, and with an affiliate key', async (t) => {
  // More wrong keys than the default limit allows one address (the limit has its own test).
  const app = await startTestApp({ KEY_FAILURE_LIMIT: '1000' });
  t.after(() => app.close());
  const affiliate = await create(app, 'affiliates', { name: 'Key holder' });
  const keys: (string | undefined)[] = [undefined, '', 'wrong-key', affiliate.api_key];
  for (const [method, url, payload] of ROUTES) {
    for (const key of keys) {
      const response = await app.app.inject({
        method: method as 'GET',
        url,
        headers: key === undefined ? {} : { 'api-key': key },
        ...(payload ? { payload } : {}),
      });
      assert.equal(response.statusCode, 401, `${method} ${url} with key ${JSON.stringify(key)}`);
      assert.deepEqual(response.json(), { status: 2, error: 'Unauthorized', message: 'Unauthorized' });
    }
  }
});

test('the admin key opens the same routes', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const response = await app.app.inject({ method: 'GET', url: '/3.0/admin/advertisers', headers: app.admin });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), {
    status: 1,
    advertisers: [],
    pagination: { per_page: 100, total_count: 0, page: 1 },
  });
});
