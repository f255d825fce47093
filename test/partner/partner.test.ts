/**
 * The affiliate API: an affiliate sees its own conversions, tracking events and
 * outbound log, never another's, never revenue; keys do not cross between admin and affiliate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, click, create, createAffiliate, createOffer, postback, settled, startWorld } from '../outbound/world.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const around = `date_from=${day(Date.now() - DAY)}&date_to=${day(Date.now() + DAY)}`;

test('affiliate API: own conversions, own outbound log, own tracking events; nothing of anyone else, no revenue', async () => {
  const w = await startWorld();
  try {
    const a = await createAffiliate(w, 'A');
    const b = await createAffiliate(w, 'B');
    const offer = await createOffer(w, { cross_postback_url: `${w.sink.url}/cross?r={revenue}` });
    const other = await createOffer(w);
    for (const aff of [a, b])
      await create(w.t, `/3.0/admin/affiliates/${aff.id}/postbacks`, { url: `${w.sink.url}/pb/${aff.id}?p={payout}` });

    const a1 = await postback(w, { clickid: await click(w, offer.id, a.id), sum: '50' });
    const a2 = await postback(w, { clickid: await click(w, other.id, a.id), goal: 'sale' });
    const b1 = await postback(w, { clickid: await click(w, offer.id, b.id), sum: '70' });
    await settled(w);

    // Conversions: own only, no revenue / sum / advertiser.
    const mine = await api(w.t, 'GET', `/3.0/partner/conversions?${around}`, undefined, a.api_key);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.deepEqual(mine.body.conversions.map((c: any) => c.id).sort(), [a1, a2].sort());
    for (const c of mine.body.conversions) {
      assert.equal(c.affiliate_id, a.id);
      for (const hidden of ['revenue', 'sum', 'advertiser_id']) assert.equal(hidden in c, false, hidden);
      assert.equal(typeof c.payout, 'number');
    }
    assert.deepEqual(mine.body.pagination, { per_page: 100, total_count: 2, page: 1 });
    const filtered = await api(
      w.t,
      'GET',
      `/3.0/partner/conversions?${around}&offer[]=${other.id}&status=pending&goal=SALE`,
      undefined,
      a.api_key,
    );
    assert.deepEqual(
      filtered.body.conversions.map((c: any) => c.id),
      [a2],
    );
    const theirs = await api(w.t, 'GET', `/3.0/partner/conversions?${around}&offer=${offer.id}`, undefined, b.api_key);
    assert.deepEqual(
      theirs.body.conversions.map((c: any) => c.id),
      [b1],
    );
    assert.equal((await api(w.t, 'GET', `/3.0/partner/conversions/${a1}`, undefined, a.api_key)).body.id, a1);
    const peek = await api(w.t, 'GET', `/3.0/partner/conversions/${b1}`, undefined, a.api_key);
    assert.deepEqual([peek.status, peek.body.error], [404, 'Conversion not found']);
    const widen = await api(w.t, 'GET', `/3.0/partner/conversions?${around}&partner[]=${b.id}`, undefined, a.api_key);
    assert.equal(widen.status, 400);
    assert.match(widen.body.error, /^partner: unknown parameter/);
    const advertiser = await api(
      w.t,
      'GET',
      `/3.0/partner/conversions?${around}&advertiser=${w.advertiser}`,
      undefined,
      a.api_key,
    );
    assert.equal(advertiser.status, 400);

    // Outbound log: own postbacks, never cross-postbacks, never revenue.
    const log = await api(w.t, 'GET', `/3.0/partner/postbacks?${around}`, undefined, a.api_key);
    assert.equal(log.status, 200, JSON.stringify(log.body));
    assert.equal(log.body.postbacks.length, 2);
    for (const row of log.body.postbacks) {
      assert.equal(row.affiliate_id, a.id);
      assert.equal(row.type, 'postback');
      assert.equal('revenue' in row, false);
      assert.match(row.url, new RegExp(`/pb/${a.id}\\?p=`));
      assert.equal(row.state, 'delivered');
    }
    const byOffer = await api(
      w.t,
      'GET',
      `/3.0/partner/postbacks?${around}&offer=${offer.id}&http_code=200`,
      undefined,
      a.api_key,
    );
    assert.equal(byOffer.body.postbacks.length, 1);
    const cross = await api(w.t, 'GET', `/3.0/partner/postbacks?${around}&type=cross_postback`, undefined, a.api_key);
    assert.equal(cross.status, 400);
    assert.equal(
      (await api(w.t, 'GET', `/3.0/partner/postbacks?${around}&partner=${b.id}`, undefined, a.api_key)).status,
      400,
    );
  } finally {
    await w.close();
  }
});

test('affiliate API: tracking events CRUD of its own, forced source, and they fire', async () => {
  const w = await startWorld();
  try {
    const a = await createAffiliate(w, 'A');
    const b = await createAffiliate(w, 'B');
    const offer = await createOffer(w);
    const base = '/3.0/partner/tracking-events';
    const created = await api(
      w.t,
      'POST',
      base,
      { statuses: ['approved'], url: `${w.sink.url}/te?c={clickid}&s={sum}` },
      a.api_key,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.affiliate_id, a.id);
    const explicit = await api(
      w.t,
      'POST',
      base,
      { affiliate_id: a.id, statuses: [1], url: 'https://a.example/' },
      a.api_key,
    );
    assert.equal(explicit.status, 201);
    const foreign = await api(
      w.t,
      'POST',
      base,
      { affiliate_id: b.id, statuses: [1], url: 'https://a.example/' },
      a.api_key,
    );
    assert.equal(foreign.status, 404);
    const bEvent = await api(w.t, 'POST', base, { statuses: [1], url: 'https://b.example/' }, b.api_key);
    assert.equal(bEvent.status, 201);

    const list = await api(w.t, 'GET', base, undefined, a.api_key);
    assert.deepEqual(
      list.body.tracking_events.map((e: any) => e.id).sort(),
      [created.body.id, explicit.body.id].sort(),
    );
    assert.equal(list.body.pagination.total_count, 2);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const answer = await api(
        w.t,
        method,
        `${base}/${bEvent.body.id}`,
        method === 'PATCH' ? { url: 'https://evil.example/' } : undefined,
        a.api_key,
      );
      assert.equal(answer.status, 404, method);
      assert.equal(answer.body.error, 'Tracking event not found');
    }
    assert.equal(
      (await api(w.t, 'GET', `/3.0/admin/tracking-events/${bEvent.body.id}`)).body.url,
      'https://b.example/',
      'untouched',
    );
    const statuses = await api(w.t, 'PATCH', `${base}/${explicit.body.id}`, { statuses: ['pending'] }, a.api_key);
    assert.equal(statuses.status, 400);
    assert.match(statuses.body.error, /^statuses: cannot be changed/);
    const move = await api(w.t, 'PATCH', `${base}/${explicit.body.id}`, { affiliate_id: b.id }, a.api_key);
    assert.equal(move.status, 404);
    const revenue = await api(
      w.t,
      'PATCH',
      `${base}/${explicit.body.id}`,
      { url: 'https://a.example/?r={revenue}' },
      a.api_key,
    );
    assert.equal(revenue.status, 400);
    const scoped = await api(
      w.t,
      'PATCH',
      `${base}/${explicit.body.id}`,
      { scope: 'offer', offer_ids: [offer.id] },
      a.api_key,
    );
    assert.equal(scoped.status, 200);
    assert.equal((await api(w.t, 'DELETE', `${base}/${explicit.body.id}`, undefined, a.api_key)).status, 200);
    assert.equal((await api(w.t, 'GET', `${base}/${explicit.body.id}`, undefined, a.api_key)).status, 404);

    const clickid = await click(w, offer.id, a.id);
    await postback(w, { clickid, sum: '80' });
    const jobs = await settled(w);
    assert.deepEqual(
      jobs.map((job) => job.kind),
      ['tracking_event'],
    );
    const received = new URL(w.sink.requests[0].url, w.sink.url);
    assert.deepEqual(
      [received.pathname, received.searchParams.get('c'), received.searchParams.get('s')],
      ['/te', clickid, '7'],
    );
    const log = await api(w.t, 'GET', `/3.0/partner/postbacks?${around}&type=tracking_event`, undefined, a.api_key);
    assert.equal(log.body.postbacks.length, 1);
    assert.equal(
      (await api(w.t, 'GET', `/3.0/partner/postbacks?${around}`, undefined, b.api_key)).body.postbacks.length,
      0,
    );
  } finally {
    await w.close();
  }
});

test('affiliate API: keys do not cross — admin key, no key, wrong key, banned affiliate get 401', async () => {
  const w = await startWorld();
  try {
    const a = await createAffiliate(w, 'A');
    const banned = await createAffiliate(w, 'Banned', { status: 'banned' });
    const urls = [
      `/3.0/partner/conversions?${around}`,
      '/3.0/partner/tracking-events',
      `/3.0/partner/postbacks?${around}`,
    ];
    for (const url of urls) {
      for (const key of [w.t.admin['api-key'], 'wrong-key', banned.api_key]) {
        const answer = await api(w.t, 'GET', url, undefined, key);
        assert.deepEqual(
          [answer.status, answer.body],
          [401, { status: 2, error: 'Unauthorized', message: 'Unauthorized' }],
          url,
        );
      }
      const none = await w.t.app.inject({ method: 'GET', url });
      assert.equal(none.statusCode, 401);
      assert.equal((await api(w.t, 'GET', url, undefined, a.api_key)).status, 200, url);
    }
    const adminWithAffiliateKey = await api(
      w.t,
      'GET',
      `/3.0/stats/affiliatepostbacks?${around}`,
      undefined,
      a.api_key,
    );
    assert.equal(adminWithAffiliateKey.status, 401);
    const adminRoute = await api(w.t, 'GET', '/3.0/admin/tracking-events', undefined, a.api_key);
    assert.equal(adminRoute.status, 401);
  } finally {
    await w.close();
  }
});
