/**
 * Which outbound postbacks a conversion event causes, end to end: admin API configuration,
 * a real click and advertiser postback, the delivery worker, and a local receiver.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import {
  api,
  click,
  create,
  createAffiliate,
  createOffer,
  paths,
  postback,
  queryOf,
  settled,
  startWorld,
} from './world.js';

test('affiliate postback macros are filled and URL-encoded; revenue is never among them', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Aff');
    const offer = await createOffer(w);
    const macros = [
      'clickid',
      'conversion_id',
      'action_id',
      'transactionid',
      'offer_id',
      'offerid',
      'offer_name',
      'affiliate_id',
      'pid',
      'goal',
      'goal_title',
      'status',
      'status_name',
      'sum',
      'payout',
      'currency',
      'sub1',
      'affS1',
      'sub8',
      'ip',
      'country',
      'geo',
      'comment',
      'custom_field1',
      'custom_field15',
      'date',
      'date_only',
      'timestamp',
      'click_date',
      'rand',
    ];
    await create(w.t, `/3.0/admin/affiliates/${aff.id}/postbacks`, {
      url: `${w.sink.url}/pb?${macros.map((m) => `${m}={${m}}`).join('&')}`,
    });
    const clickid = await click(w, offer.id, aff.id, `&sub1=${encodeURIComponent('a b&c=d/é')}&sub8=x`);
    const conversionId = await postback(w, {
      clickid,
      action_id: 'order 1/2',
      sum: '99.5',
      comment: 'first & only',
      custom_field1: 'cf#1',
      ip: '8.8.8.8',
    });
    const [job] = await settled(w);
    assert.equal(job.state, 'delivered');
    const q = queryOf(w.sink.requests[0].url);
    assert.equal(w.sink.requests[0].url.includes('a%20b%26c%3Dd%2F%C3%A9'), true, 'values are percent-encoded');
    assert.equal(q.get('clickid'), clickid);
    assert.equal(q.get('conversion_id'), conversionId);
    assert.equal(q.get('action_id'), 'order 1/2');
    assert.equal(q.get('transactionid'), 'order 1/2');
    assert.equal(q.get('offer_id'), String(offer.id));
    assert.equal(q.get('offerid'), String(offer.id));
    assert.equal(q.get('offer_name'), 'Spring sale & more');
    assert.equal(q.get('affiliate_id'), String(aff.id));
    assert.equal(q.get('pid'), String(aff.id));
    assert.equal(q.get('goal'), '1');
    assert.equal(q.get('goal_title'), 'Install');
    assert.equal(q.get('status'), '1');
    assert.equal(q.get('status_name'), 'approved');
    assert.equal(q.get('sum'), '7', '{sum} is the affiliate payout, not the order amount');
    assert.equal(q.get('payout'), '7');
    assert.equal(q.get('currency'), 'USD');
    assert.equal(q.get('sub1'), 'a b&c=d/é');
    assert.equal(q.get('affS1'), 'a b&c=d/é');
    assert.equal(q.get('sub8'), 'x');
    assert.equal(q.get('ip'), '8.8.8.8');
    assert.equal(q.get('comment'), 'first & only');
    assert.equal(q.get('custom_field1'), 'cf#1');
    assert.equal(q.get('custom_field15'), '');
    assert.match(q.get('date')!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(q.get('date_only'), new Date().toISOString().slice(0, 10));
    assert.ok(Math.abs(Number(q.get('timestamp')) - Date.now() / 1000) < 120);
    assert.match(q.get('click_date')!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.match(q.get('rand')!, /^\d+$/);
    assert.equal(q.get('country'), q.get('geo'));
    assert.equal(w.sink.requests[0].url.includes('99.5'), false, 'the order amount never reaches an affiliate');

    const refused = await api(w.t, 'POST', `/3.0/admin/affiliates/${aff.id}/postbacks`, {
      url: 'https://aff.example/?r={revenue}',
    });
    assert.equal(refused.status, 400);
    assert.equal(
      refused.body.error,
      "url: macro {revenue} is allowed in cross-postback URLs only: it carries the advertiser's side of a conversion",
    );
    const typo = await api(w.t, 'POST', `/3.0/admin/affiliates/${aff.id}/postbacks`, {
      url: 'https://aff.example/?c={clickidd}',
    });
    assert.equal(typo.body.error, 'url: unknown macro {clickidd} (did you mean {clickid}?)');
  } finally {
    await w.close();
  }
});

test('an event wakes the idle worker: its postbacks leave on commit, not at the next poll', async () => {
  // The worker polls once an hour here: only the commit's signal can have sent these in time.
  const w = await startWorld({}, { idlePollMs: 3_600_000 });
  try {
    const aff = await createAffiliate(w, 'Aff');
    const offer = await createOffer(w);
    await create(w.t, `/3.0/admin/affiliates/${aff.id}/postbacks`, {
      url: `${w.sink.url}/pb?cid={conversion_id}&s={status}`,
    });
    const conversionId = await postback(w, { clickid: await click(w, offer.id, aff.id), goal: 'sale' });
    assert.equal((await settled(w)).length, 1, 'a postback');
    const patched = await api(w.t, 'PATCH', `/3.0/admin/conversions/${conversionId}`, { status: 'approved' });
    assert.equal(patched.status, 200);
    const jobs = await settled(w);
    assert.equal(jobs.length, 2, 'an admin status change');
    const resent = await api(w.t, 'POST', `/3.0/admin/outbound/${jobs[0].id}/resend`);
    assert.equal(resent.status, 200);
    await settled(w);
    assert.deepEqual(
      w.sink.requests.map((request) => queryOf(request.url).get('s')),
      ['2', '1', '2'],
      'a resend',
    );
    assert.ok(jobs.every((job) => job.state === 'delivered'));
  } finally {
    await w.close();
  }
});

test("the offer's own postbacks take precedence over global ones; goals and statuses filter", async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Aff');
    const offerA = await createOffer(w);
    const offerB = await createOffer(w);
    const base = `/3.0/admin/affiliates/${aff.id}/postbacks`;
    await create(w.t, base, { url: `${w.sink.url}/global` });
    await create(w.t, base, { url: `${w.sink.url}/a-any`, offer_id: offerA.id });
    await create(w.t, base, {
      url: `${w.sink.url}/a-sale-pending`,
      offer_id: offerA.id,
      goals: ['sale'],
      statuses: ['pending'],
    });
    await create(w.t, base, { url: `${w.sink.url}/a-approved`, offer_id: offerA.id, statuses: [1] });

    await postback(w, { clickid: await click(w, offerA.id, aff.id) }); // goal 1, approved
    await postback(w, { clickid: await click(w, offerA.id, aff.id), goal: 'SALE' }); // pending by default
    await postback(w, { clickid: await click(w, offerB.id, aff.id) });
    await settled(w);
    assert.deepEqual(paths(w.sink).sort(), ['/a-any', '/a-any', '/a-approved', '/a-sale-pending', '/global'].sort());

    const badOffer = await api(w.t, 'POST', base, { url: `${w.sink.url}/x`, offer_id: 9999 });
    assert.deepEqual([badOffer.status, badOffer.body.error], [400, 'offer_id: unknown offer 9999']);
    const badStatus = await api(w.t, 'POST', base, { url: `${w.sink.url}/x`, statuses: ['paid'] });
    assert.equal(badStatus.status, 400);
    assert.match(badStatus.body.error, /^statuses\[0\]: unknown status "paid"/);
    const unknownAffiliate = await api(w.t, 'GET', '/3.0/admin/affiliates/9999/postbacks');
    assert.deepEqual([unknownAffiliate.status, unknownAffiliate.body.error], [404, 'Affiliate not found']);
    const list = await api(w.t, 'GET', `${base}?limit=2`);
    assert.equal(list.status, 200);
    assert.equal(list.body.status, 1);
    assert.equal(list.body.postbacks.length, 2);
    assert.deepEqual(list.body.pagination, { per_page: 2, total_count: 4, page: 1 });
    assert.deepEqual(list.body.postbacks[0].statuses, ['approved']);
  } finally {
    await w.close();
  }
});

test('tracking events: global scope (later offers too, minus exclusions), offer scope, statuses on change', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Aff');
    const other = await createAffiliate(w, 'Other');
    const excluded = await createOffer(w);
    const listed = await createOffer(w);
    await create(w.t, '/3.0/admin/tracking-events', {
      affiliate_id: aff.id,
      scope: 'global',
      offer_ids: [excluded.id],
      statuses: ['approved'],
      url: `${w.sink.url}/te-global?c={clickid}`,
    });
    await create(w.t, '/3.0/admin/tracking-events', {
      affiliate_id: aff.id,
      scope: 'offer',
      offer_ids: [listed.id],
      goals: ['sale'],
      statuses: ['pending', 'approved'],
      url: `${w.sink.url}/te-offer?s={status_name}`,
    });
    const later = await createOffer(w); // created after the events: global scope covers it

    await postback(w, { clickid: await click(w, excluded.id, aff.id) });
    await postback(w, { clickid: await click(w, later.id, aff.id) });
    await postback(w, { clickid: await click(w, later.id, other.id) }); // another affiliate: not its event
    const saleClick = await click(w, listed.id, aff.id);
    await postback(w, { clickid: saleClick, goal: 'sale', action_id: 'o-1' }); // pending: te-offer
    await settled(w);
    assert.deepEqual(paths(w.sink).sort(), ['/te-global', '/te-offer']);
    // pending -> approved: te-offer (approved listed) and te-global (in scope, approved)
    await postback(w, { clickid: saleClick, goal: 'sale', action_id: 'o-1', status: 'approved' }, 'Conversion updated');
    await settled(w);
    assert.deepEqual(paths(w.sink).sort(), ['/te-global', '/te-global', '/te-offer', '/te-offer']);
    const statuses = w.sink.requests.filter((r) => r.url.startsWith('/te-offer')).map((r) => queryOf(r.url).get('s'));
    assert.deepEqual(statuses, ['pending', 'approved']);
    assert.ok(w.sink.requests.every((r) => r.method === 'GET'));
  } finally {
    await w.close();
  }
});

test('tracking events: scope, offers, goals and url are editable; the source and statuses are not', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Aff');
    const other = await createAffiliate(w, 'Other');
    const offer = await createOffer(w);
    const event = await create(w.t, '/3.0/admin/tracking-events', {
      affiliate_id: aff.id,
      statuses: [1],
      url: 'https://aff.example/?c={clickid}',
    });
    assert.deepEqual(
      [event.scope, event.offer_ids, event.goals, event.statuses, event.method],
      ['global', [], [], ['approved'], 'GET'],
    );
    const path = `/3.0/admin/tracking-events/${event.id}`;
    const edited = await api(w.t, 'PATCH', path, {
      scope: 'offer',
      offer_ids: [offer.id],
      goals: ['Sale'],
      url: 'https://aff.example/v2?c={clickid}',
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual(
      [edited.body.scope, edited.body.offer_ids, edited.body.goals, edited.body.url],
      ['offer', [offer.id], ['Sale'], 'https://aff.example/v2?c={clickid}'],
    );
    const source = await api(w.t, 'PATCH', path, { affiliate_id: other.id });
    assert.equal(source.status, 400);
    assert.match(source.body.error, /^affiliate_id: cannot be changed/);
    const statuses = await api(w.t, 'PATCH', path, { statuses: ['declined'] });
    assert.equal(statuses.status, 400);
    assert.match(statuses.body.error, /^statuses: cannot be changed/);
    assert.equal(
      (await api(w.t, 'PATCH', path, { statuses: ['approved'] })).status,
      200,
      'the same statuses are no change',
    );

    const none = await api(w.t, 'POST', '/3.0/admin/tracking-events', {
      affiliate_id: aff.id,
      statuses: [],
      url: 'https://aff.example/',
    });
    assert.equal(none.status, 400);
    assert.match(none.body.error, /^statuses/);
    const revenue = await api(w.t, 'POST', '/3.0/admin/tracking-events', {
      affiliate_id: aff.id,
      statuses: [1],
      url: 'https://aff.example/?r={revenue}',
    });
    assert.equal(revenue.status, 400);
    assert.match(revenue.body.error, /^url: macro \{revenue\} is allowed in cross-postback URLs only/);
    const emptyScope = await api(w.t, 'POST', '/3.0/admin/tracking-events', {
      affiliate_id: aff.id,
      scope: 'offer',
      statuses: [1],
      url: 'https://aff.example/',
    });
    assert.deepEqual(
      [emptyScope.status, emptyScope.body.error],
      [400, 'offer_ids: scope "offer" needs at least one offer'],
    );
    const list = await api(w.t, 'GET', '/3.0/admin/tracking-events');
    assert.equal(list.body.tracking_events.length, 1);
    assert.equal(list.body.pagination.total_count, 1);
    assert.equal((await api(w.t, 'DELETE', path)).status, 200);
    assert.equal((await api(w.t, 'GET', path)).status, 404);
  } finally {
    await w.close();
  }
});

test('cross-postbacks: GET with advertiser macros, POST JSON body signed, fired again on approved -> declined', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Aff');
    const getOffer = await createOffer(w, {
      cross_postback_url: `${w.sink.url}/cross-get?rev={revenue}&order={order_sum}&adv={advertiser_id}&st={status_name}`,
    });
    const postOffer = await createOffer(w, {
      cross_postback_url: `${w.sink.url}/cross-post?c={clickid}`,
      cross_postback_method: 'POST',
      signing_secret: 'offer-secret',
    });
    const conversion = await postback(w, { clickid: await click(w, getOffer.id, aff.id), sum: '99.5' });
    const clickid = await click(w, postOffer.id, aff.id);
    await postback(w, { clickid, sum: '10' });
    await settled(w);
    const get = w.sink.requests.find((r) => r.url.startsWith('/cross-get'))!;
    assert.deepEqual(Object.fromEntries(queryOf(get.url)), {
      rev: '10',
      order: '99.5',
      adv: String(w.advertiser),
      st: 'approved',
    });
    const post = w.sink.requests.find((r) => r.url.startsWith('/cross-post'))!;
    assert.equal(post.method, 'POST');
    const body = JSON.parse(post.body);
    assert.equal(body.clickid, clickid);
    assert.equal(body.revenue, 10);
    assert.equal(body.order_sum, 10);
    assert.equal(body.payout, 7);
    assert.equal(body.advertiser_id, w.advertiser);
    assert.equal(body.status, 1);
    assert.match(String(post.headers['webhook-signature']), /^v1,/);

    const declined = await api(w.t, 'PATCH', `/3.0/admin/conversions/${conversion}`, { status: 'declined' });
    assert.equal(declined.status, 200, JSON.stringify(declined.body));
    await settled(w);
    const crossGets = w.sink.requests
      .filter((r) => r.url.startsWith('/cross-get'))
      .map((r) => queryOf(r.url).get('st'));
    assert.deepEqual(crossGets, ['approved', 'declined'], 'approved then declined fires twice');
    const hold = await api(w.t, 'PATCH', `/3.0/admin/conversions/${conversion}`, { status: 'hold' });
    assert.equal(hold.status, 200);
    await settled(w);
    assert.equal(
      w.sink.requests.filter((r) => r.url.startsWith('/cross-get')).length,
      2,
      'hold fires no cross-postback',
    );
  } finally {
    await w.close();
  }
});

test("an affiliate's POST postback: JSON body of affiliate values only, signed with the affiliate's secret", async () => {
  const w = await startWorld();
  try {
    const secret = `whsec_${Buffer.from('affiliate-secret-bytes').toString('base64')}`;
    const aff = await createAffiliate(w, 'Aff', { signing_secret: secret });
    const offer = await createOffer(w);
    await create(w.t, `/3.0/admin/affiliates/${aff.id}/postbacks`, { url: `${w.sink.url}/hook`, method: 'POST' });
    const clickid = await click(w, offer.id, aff.id);
    await postback(w, { clickid, sum: '99.5' });
    const [job] = await settled(w);
    assert.equal(job.state, 'delivered');
    const request = w.sink.requests[0];
    assert.equal(request.method, 'POST');
    const body = JSON.parse(request.body);
    assert.equal(body.clickid, clickid);
    assert.equal(body.payout, 7);
    assert.equal(body.sum, 7);
    for (const hidden of ['revenue', 'order_sum', 'advertiser_id']) assert.equal(hidden in body, false, hidden);
    assert.equal(request.body.includes('99.5'), false);
    assert.deepEqual(new Webhook(secret).verify(request.body, request.headers as Record<string, string>), body);
    assert.equal(request.headers['idempotency-key'], job.id);
  } finally {
    await w.close();
  }
});
