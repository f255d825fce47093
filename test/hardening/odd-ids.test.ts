/**
 * Ids, tokens and filters no record can match (a NUL byte, an id beyond 2^63) are unknown ids on
 * both backends: 404 or an empty list, never a 500 from the database refusing the value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appBackends } from '../helpers/app-backends.js';
import { call, create, seedCatalog, seedConversion } from '../admin/fixtures.js';

const TODAY = new Date().toISOString().slice(0, 10);
const BIG = '9223372036854775807';

for (const backend of appBackends()) {
  test(`${backend.name}: a NUL byte in an id, token or filter is an unknown value`, {
    skip: backend.skip,
  }, async (t) => {
    const app = await backend.start();
    t.after(() => app.close());
    const catalog = await seedCatalog(app);
    await seedConversion(app, {
      offer: catalog.offers[0],
      advertiser: catalog.advertisers[0],
      affiliate: catalog.affiliates[0],
    });
    const partnerKey = (await create(app, 'affiliates', { name: 'Partner' })).api_key;
    const expected: [string, string, number][] = [
      ['GET', '/share/a%00', 404],
      ['GET', '/3.0/admin/conversions/a%00', 404],
      ['PATCH', '/3.0/admin/conversions/a%00', 404],
      ['GET', '/3.0/admin/share-links/a%00', 404],
      ['DELETE', '/3.0/admin/share-links/a%00', 404],
      ['GET', '/3.0/admin/outbound/a%00', 404],
    ];
    for (const [method, url, status] of expected) {
      const answer = await call(app, method, url, method === 'PATCH' ? { status: 'approved' } : undefined);
      assert.equal(answer.status, status, `${method} ${url}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.status, 2);
    }
    const stats = await call(app, 'GET', `/3.0/stats/conversions?date_from=${TODAY}&date_to=${TODAY}&clickid=a%00`);
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    assert.deepEqual(stats.body.conversions, []);
    for (const url of [
      '/3.0/partner/conversions/a%00',
      `/3.0/partner/conversions?date_from=${TODAY}&date_to=${TODAY}&clickid=a%00`,
    ]) {
      const response = await app.app.inject({ method: 'GET', url, headers: { 'api-key': partnerKey } });
      assert.ok([200, 404].includes(response.statusCode), `${url}: ${response.statusCode} ${response.body}`);
    }
    const share = await call(app, 'POST', '/3.0/admin/share-links', {
      slice: 'conversions',
      filters: { date_from: TODAY, date_to: TODAY, clickid: 'a\u0000' },
    });
    assert.equal(share.status, 201, JSON.stringify(share.body));
    const shown = await app.app.inject({ method: 'GET', url: share.body.url });
    assert.equal(shown.statusCode, 200, shown.body);
    assert.deepEqual(shown.json().conversions, []);
  });

  test(`${backend.name}: an id of 2^63 or more is an unknown id (404)`, { skip: backend.skip }, async (t) => {
    const app = await backend.start();
    t.after(() => app.close());
    const affiliate = await create(app, 'affiliates', { name: 'Owner' });
    for (const id of [BIG, '18446744073709551616', '1e30', '99999999999999999999999999']) {
      for (const path of [
        'advertisers',
        'affiliates',
        'offers',
        'tracking-events',
        `affiliates/${affiliate.id}/postbacks`,
      ]) {
        for (const method of ['GET', 'PATCH', 'DELETE']) {
          const answer = await call(app, method, `/3.0/admin/${path}/${id}`, method === 'PATCH' ? {} : undefined);
          assert.equal(answer.status, 404, `${method} ${path}/${id}: ${JSON.stringify(answer.body)}`);
        }
      }
      const partner = await app.app.inject({
        method: 'GET',
        url: `/3.0/partner/tracking-events/${id}`,
        headers: { 'api-key': affiliate.api_key },
      });
      assert.equal(partner.statusCode, 404, partner.body);
    }
  });

  test(`${backend.name}: dates past what ids can hold read as the last day there can be`, {
    skip: backend.skip,
  }, async (t) => {
    const app = await backend.start();
    t.after(() => app.close());
    const catalog = await seedCatalog(app);
    const made = await seedConversion(app, {
      offer: catalog.offers[0],
      advertiser: catalog.advertisers[0],
      affiliate: catalog.affiliates[0],
    });
    for (const to of ['2106-02-06', '2106-02-07', '2200-01-01', '9999-12-31']) {
      const answer = await call(app, 'GET', `/3.0/stats/conversions?date_from=${TODAY}&date_to=${to}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(
        answer.body.conversions.map((row: { id: string }) => row.id),
        [made.id],
        `date_to=${to}`,
      );
    }
    const early = await call(app, 'GET', `/3.0/stats/conversions?date_from=1900-01-01&date_to=${TODAY}`);
    assert.deepEqual(
      early.body.conversions.map((row: { id: string }) => row.id),
      [made.id],
      'date_from=1900-01-01',
    );
    const share = await call(app, 'POST', '/3.0/admin/share-links', {
      slice: 'conversions',
      filters: { date_from: TODAY, date_to: '9999-12-31' },
    });
    assert.equal(share.status, 201, JSON.stringify(share.body));
    const shown = await app.app.inject({ method: 'GET', url: share.body.url });
    assert.deepEqual(
      shown.json().conversions.map((row: { id: string }) => row.id),
      [made.id],
    );
  });
}
