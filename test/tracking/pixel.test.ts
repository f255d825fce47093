/** GET /pixel: cookie or clickid, afstatus, GIF or HTML, c2s log rows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import { startTestApp } from '../helpers/harness.js';
import { allConversions, logRows, seedWorld } from './fixtures.js';

test('click then pixel with the cookie: a conversion, a GIF, a c2s log row', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const base = await app.listen();
  const world = await seedWorld(app);
  const click = await fetch(`${base}/click?offer_id=${world.offer.id}&pid=${world.affiliate.id}`, {
    redirect: 'manual',
  });
  assert.equal(click.status, 302);
  const cookie = (click.headers.get('set-cookie') as string).split(';')[0];

  const pixel = await fetch(`${base}/pixel?offer_id=${world.offer.id}&afstatus=pending&sum=5&action_id=p1`, {
    headers: { cookie },
  });
  assert.equal(pixel.status, 200);
  assert.equal(pixel.headers.get('content-type'), 'image/gif');
  assert.equal(pixel.headers.get('cache-control'), 'no-store');
  assert.equal(pixel.headers.get('x-trackpost-result'), 'Conversion created');
  const gif = Buffer.from(await pixel.arrayBuffer());
  assert.equal(gif.subarray(0, 6).toString('latin1'), 'GIF89a');

  const [conversion] = await allConversions(app);
  assert.equal(conversion.clickid, cookie.split('=')[1]);
  assert.equal(conversion.status, STATUS.pending);
  assert.equal(conversion.action_id, 'p1');
  const [row] = await logRows(app);
  assert.equal(row.integration, 'c2s');
  assert.equal(row.ip, '127.0.0.1');
  assert.deepEqual(row.params, {
    offer_id: String(world.offer.id),
    afstatus: 'pending',
    sum: '5',
    action_id: 'p1',
    pixel: '1',
  });
  assert.equal(row.clickid, conversion.clickid);
  assert.equal(row.response.status, 1);
});

test('source=1 answers a short HTML page; an explicit clickid beats the cookie', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const click = await app.app.inject({
    method: 'GET',
    url: `/click?offer_id=${world.offer.id}&pid=${world.affiliate.id}`,
  });
  const clickid = new URL(click.headers.location as string).searchParams.get('c') as string;
  const response = await app.app.inject({
    method: 'GET',
    url: `/pixel?offer_id=${world.offer.id}&clickid=${clickid}&source=1`,
    headers: { cookie: `tp_${world.offer.id}=ffffffffffffffffffffffff` },
  });
  assert.equal(response.statusCode, 200);
  assert.match(response.headers['content-type'] as string, /^text\/html/);
  assert.match(response.body, /Conversion created/);
  const again = await app.app.inject({
    method: 'GET',
    url: `/pixel?offer_id=${world.offer.id}&clickid=${clickid}&source=1`,
  });
  assert.match(again.body, /Error: Conversion exists/);
});

test('a pixel without cookie or clickid is refused, still logged, still a GIF', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const response = await app.app.inject({ method: 'GET', url: `/pixel?offer_id=${world.offer.id}` });
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'image/gif');
  assert.equal(response.headers['x-trackpost-result'], 'Missing mandatory parameter clickid');
  const wrongOffer = await app.app.inject({
    method: 'GET',
    url: `/pixel?offer_id=${world.offer.id}`,
    headers: { cookie: 'tp_999=aaaaaaaaaaaaaaaaaaaaaaaa' },
  });
  assert.equal(wrongOffer.headers['x-trackpost-result'], 'Missing mandatory parameter clickid');
  const rows = await logRows(app);
  assert.equal(rows.length, 2);
  assert.ok(rows.every((row) => row.integration === 'c2s' && row.params.pixel === '1' && row.response.status === 2));
});
