/**
 * The README's walk-through, end to end through a real server: admin API -> click -> postback
 * -> conversion in the stats -> the affiliate's postback arriving at a real local receiver.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';
import { startSink } from '../helpers/sink.js';
import { startDeliveryWorker } from '../../src/outbound/worker.js';

test('walk-through: offer, click, postback, stats, affiliate postback delivered', async (t) => {
  const sink = await startSink();
  const tp = await startTestApp({ DELIVERY_BACKOFF: '50ms' });
  const worker = startDeliveryWorker(tp.ctx);
  t.after(async () => {
    await worker.stop();
    await tp.close();
    await sink.close();
  });
  const base = await tp.listen();
  const admin = { ...tp.admin, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(base + path, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    assert.equal(response.status, 201, `${path}: ${await response.clone().text()}`);
    return (await response.json()) as Record<string, unknown>;
  };

  const advertiser = await post('/3.0/admin/advertisers', { name: 'Acme Shop' });
  const affiliate = await post('/3.0/admin/affiliates', { name: 'Best Traffic' });
  assert.equal(typeof affiliate.api_key, 'string');
  const offer = await post('/3.0/admin/offers', {
    title: 'Acme spring sale',
    advertiser_id: advertiser.id,
    tracking_url: 'https://shop.example/landing?click={clickid}&sub={sub1}',
    payouts: [{ goal: '1', title: 'Sale', revenue: 10, payout: 7 }],
  });
  await post(`/3.0/admin/affiliates/${affiliate.id}/postbacks`, {
    url: `${sink.url}/pb?click={clickid}&payout={payout}&status={status}&sub={sub1}`,
    method: 'GET',
  });

  const click = await fetch(`${base}/click?offer_id=${offer.id}&pid=${affiliate.id}&sub1=banner%207`, {
    redirect: 'manual',
  });
  assert.equal(click.status, 302);
  const location = new URL(click.headers.get('location')!);
  const clickid = location.searchParams.get('click')!;
  assert.match(clickid, /^[0-9a-f]{24}$/);
  assert.equal(location.searchParams.get('sub'), 'banner 7');

  const postback = await fetch(`${base}/postback?clickid=${clickid}&action_id=order-1001&sum=49.90`);
  assert.equal(postback.status, 200);
  const answer = (await postback.json()) as { status: number; message: string; conversion_id: string };
  assert.deepEqual([answer.status, answer.message], [1, 'Conversion created']);

  const today = new Date().toISOString().slice(0, 10);
  const stats = await fetch(`${base}/3.0/stats/conversions?date_from=${today}&date_to=${today}`, { headers: tp.admin });
  const body = (await stats.json()) as { conversions: Record<string, unknown>[] };
  assert.equal(body.conversions.length, 1);
  assert.equal(body.conversions[0].id, answer.conversion_id);
  assert.equal(body.conversions[0].payout, 7);
  assert.equal(body.conversions[0].revenue, 10);
  assert.equal(body.conversions[0].sum, 49.9);

  const log = await fetch(`${base}/3.0/stats/serverpostbacks?date_from=${today}&date_to=${today}&search=ORDER-10`, {
    headers: tp.admin,
  });
  const logBody = (await log.json()) as { postbacks: { result: { status: number } }[] };
  assert.equal(logBody.postbacks.length, 1);
  assert.equal(logBody.postbacks[0].result.status, 1);

  const delivered = await sink.waitFor((request) => request.url.startsWith('/pb'));
  const received = new URL(delivered.url, sink.url);
  assert.equal(received.searchParams.get('click'), clickid);
  assert.equal(received.searchParams.get('payout'), '7');
  assert.equal(received.searchParams.get('status'), '1');
  assert.equal(received.searchParams.get('sub'), 'banner 7');
});
