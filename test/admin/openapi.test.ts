import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';

test('openapi.json documents the admin collections, their bodies and the stats filters', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const doc = (await app.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  for (const path of [
    '/3.0/admin/advertisers',
    '/3.0/admin/affiliates',
    '/3.0/admin/offers',
    '/3.0/admin/share-links',
  ]) {
    assert.ok(doc.paths[path]?.post, `POST ${path}`);
  }
  for (const path of ['/3.0/admin/offers/{id}', '/3.0/admin/conversions/{id}']) {
    assert.ok(doc.paths[path]?.get && doc.paths[path]?.patch, path);
  }
  const offerBody = doc.paths['/3.0/admin/offers'].post.requestBody.content['application/json'].schema;
  assert.ok(offerBody.properties.payouts && offerBody.properties.hold_days, 'offer fields');
  const params = doc.paths['/3.0/stats/conversions'].get.parameters.map((p: { name: string }) => p.name);
  for (const name of [
    'date_from',
    'date_to',
    'page',
    'limit',
    'status[]',
    'offer[]',
    'partner[]',
    'advertiser[]',
    'country[]',
    'goal',
    'action_id',
    'clickid',
  ]) {
    assert.ok(params.includes(name), name);
  }
  const logParams = doc.paths['/3.0/stats/serverpostbacks'].get.parameters.map((p: { name: string }) => p.name);
  for (const name of ['supplier[]', 'click_id', 'response_status', 'search']) assert.ok(logParams.includes(name), name);
});
