/**
 * Affise's pixel parameters (`afclick`, `afgoal`, `afstatus`, `afid`, `afprice`, `afcurrency`,
 * `afsecure`, `afcomment`) and its `/success.jpg` path: an Affise pixel snippet keeps working
 * once its host points at Trackpost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import { startTestApp } from '../helpers/harness.js';
import { allConversions, insertClick, logRows, money, payout, seedWorld } from './fixtures.js';

test('pixel: /pixel?offer_id=X&afgoal=2&afstatus=2 records goal 2, pending, from the cookie', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    offer: { payouts: [payout(), payout({ goal: '2', title: 'Sale', payout: money('3') })] },
  });
  const clickid = await insertClick(app, world);
  const response = await app.app.inject({
    method: 'GET',
    url: `/pixel?offer_id=${world.offer.id}&afgoal=2&afstatus=2`,
    headers: { cookie: `tp_${world.offer.id}=${clickid}` },
  });
  assert.equal(response.headers['x-trackpost-result'], 'Conversion created');
  const [conversion] = await allConversions(app);
  assert.equal(conversion?.goal, '2');
  assert.equal(conversion?.status, STATUS.pending);
  assert.equal(conversion?.payout, money('3'));
});

test('pixel: every Affise pixel parameter lands where its postback twin does', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    offer: {
      secure_token: 'tok-123',
      payouts: [payout(), payout({ goal: 'sale', payout_type: 'percent', payout: money('10') })],
    },
  });
  const clickid = await insertClick(app, world);
  const query = new URLSearchParams({
    offer_id: String(world.offer.id),
    afclick: clickid,
    afgoal: 'sale',
    afstatus: '1',
    afid: 'ORDER-9',
    afprice: '120.50',
    afcurrency: 'EUR',
    afsecure: 'tok-123',
    afcomment: 'first order',
    custom_field1: 'blue',
  });
  const response = await app.app.inject({ method: 'GET', url: `/pixel?${query}` });
  assert.equal(response.headers['x-trackpost-result'], 'Conversion created');
  const [conversion] = await allConversions(app);
  assert.equal(conversion?.clickid, clickid);
  assert.equal(conversion?.goal, 'sale');
  assert.equal(conversion?.status, STATUS.approved);
  assert.equal(conversion?.action_id, 'ORDER-9');
  assert.equal(conversion?.sum, money('120.5'));
  assert.equal(conversion?.currency, 'EUR');
  assert.equal(conversion?.comment, 'first order');
  assert.deepEqual(conversion?.custom_fields, { custom_field1: 'blue' });
  // The secure token is checked under its Affise name too.
  const other = await insertClick(app, world);
  const denied = await app.app.inject({
    method: 'GET',
    url: `/pixel?offer_id=${world.offer.id}&afclick=${other}&afsecure=wrong`,
  });
  assert.equal(denied.headers['x-trackpost-result'], 'Access denied');
});

test('pixel: Affise names win over the postback names; status is read from afstatus only', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    offer: { payouts: [payout(), payout({ goal: '2' }), payout({ goal: '3' })] },
  });
  const clickid = await insertClick(app, world);
  const response = await app.app.inject({
    method: 'GET',
    url: `/pixel?offer_id=${world.offer.id}&clickid=${clickid}&afgoal=3&goal=2&afid=A&action_id=B&status=3`,
  });
  assert.equal(response.headers['x-trackpost-result'], 'Conversion created');
  const [conversion] = await allConversions(app);
  assert.equal(conversion?.goal, '3');
  assert.equal(conversion?.action_id, 'A');
  // A page's own `status` parameter is not the conversion's: the goal's default applies.
  assert.equal(conversion?.status, STATUS.approved);
});

test('pixel: /success.jpg answers as /pixel does, and without offer_id takes the newest click cookie', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const older = await insertClick(app, world, Date.now() - 3_600_000);
  const newer = await insertClick(app, world);
  const base = await app.listen();
  const response = await fetch(`${base}/success.jpg?afgoal=1&afstatus=1&afid=X1`, {
    headers: { cookie: `tp_${world.offer.id + 1}=${older}; other=1; tp_${world.offer.id}=${newer}` },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'image/gif');
  assert.equal(response.headers.get('x-trackpost-result'), 'Conversion created');
  const [conversion] = await allConversions(app);
  assert.equal(conversion?.clickid, newer);
  assert.equal(conversion?.action_id, 'X1');
  const [row] = await logRows(app);
  assert.equal(row?.integration, 'c2s');
  assert.equal(row?.params.pixel, '1');
  assert.equal(row?.params.afid, 'X1');
  const page = await fetch(`${base}/success.jpg?afclick=${older}&source=1`);
  assert.match(await page.text(), /Conversion created/);
});
