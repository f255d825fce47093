/** GET /click: redirect, cookie, stored click, refusals and trafficback. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isObjectId } from '../../src/domain/object-id.js';
import { startTestApp } from '../helpers/harness.js';
import { postback, seedWorld } from './fixtures.js';

test('a click is stored, then redirected with macros filled and the pixel cookie set', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    offer: {
      tracking_url:
        'https://land.example/p?c={clickid}&o={offer_id}&a={pid}&s1={sub1}&s8={sub8}&ip={ip}&geo={country}&ua={ua}',
      click_lifespan_days: 7,
    },
  });
  const response = await app.app.inject({
    method: 'GET',
    url: `/click?offer_id=${world.offer.id}&pid=${world.affiliate.id}&sub1=a b%26c&sub8=${encodeURIComponent('ü/?')}&referrer=https://ref.example/`,
    headers: { 'user-agent': 'Mozilla/5.0 (X)' },
    remoteAddress: '8.8.8.8',
  });
  assert.equal(response.statusCode, 302);
  const location = new URL(response.headers.location as string);
  const clickid = location.searchParams.get('c') as string;
  assert.ok(isObjectId(clickid));
  assert.equal(location.searchParams.get('o'), String(world.offer.id));
  assert.equal(location.searchParams.get('a'), String(world.affiliate.id));
  assert.equal(location.searchParams.get('s1'), 'a b&c');
  assert.equal(location.searchParams.get('s8'), 'ü/?');
  assert.equal(location.searchParams.get('ip'), '8.8.8.8');
  assert.equal(location.searchParams.get('geo'), 'US');
  assert.equal(location.searchParams.get('ua'), 'Mozilla/5.0 (X)');
  assert.equal(
    response.headers['set-cookie'],
    `tp_${world.offer.id}=${clickid}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax`,
  );

  const click = await app.ctx.store.clicks.get(clickid);
  assert.ok(click, 'stored before the redirect');
  assert.equal(click.offer_id, world.offer.id);
  assert.equal(click.affiliate_id, world.affiliate.id);
  assert.deepEqual(click.subs, ['a b&c', null, null, null, null, null, null, 'ü/?']);
  assert.equal(click.ip, '8.8.8.8');
  assert.equal(click.country, 'US');
  assert.equal(click.user_agent, 'Mozilla/5.0 (X)');
  assert.equal(click.referrer, 'https://ref.example/');
  // The click converts.
  assert.equal((await postback(app, { clickid })).message, 'Conversion created');
});

test('aff_id is an alias of pid; subs longer than 500 characters are cut; Referer header as fallback', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const response = await app.app.inject({
    method: 'GET',
    url: `/click?offer_id=${world.offer.id}&aff_id=${world.affiliate.id}&sub2=${'x'.repeat(600)}`,
    headers: { referer: 'https://from.example/' },
  });
  assert.equal(response.statusCode, 302);
  const clickid = new URL(response.headers.location as string).searchParams.get('c') as string;
  const click = await app.ctx.store.clicks.get(clickid);
  assert.equal(click?.subs[1]?.length, 500);
  assert.equal(click?.referrer, 'https://from.example/');
  assert.equal(click?.country, null, 'a loopback address has no country');
});

test('refusals: 400/404/403 with one line of text, nothing stored', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const banned = await app.ctx.store.affiliates.create({
    name: 'B',
    status: 'banned',
    signing_secret: null,
    api_key_hash: 'b'.repeat(64),
  });
  const outsider = await app.ctx.store.affiliates.create({
    name: 'O',
    status: 'active',
    signing_secret: null,
    api_key_hash: 'o'.repeat(64),
  });
  const priv = await app.ctx.store.offers.create({
    ...world.offer,
    privacy: 'private',
    allowed_affiliates: [world.affiliate.id],
  });
  const paused = await app.ctx.store.offers.create({ ...world.offer, status: 'paused' });
  const cases: [string, number, string][] = [
    ['/click', 400, 'Missing mandatory parameter offer_id'],
    [`/click?offer_id=abc&pid=${world.affiliate.id}`, 404, 'Offer not found'],
    [`/click?offer_id=99999&pid=${world.affiliate.id}`, 404, 'Offer not found'],
    [`/click?offer_id=${paused.id}&pid=${world.affiliate.id}`, 404, 'Offer is not active'],
    [`/click?offer_id=${world.offer.id}`, 400, 'Missing mandatory parameter pid'],
    [`/click?offer_id=${world.offer.id}&pid=99999`, 404, 'Affiliate not found'],
    [`/click?offer_id=${world.offer.id}&pid=${banned.id}`, 403, 'Affiliate is banned'],
    [`/click?offer_id=${priv.id}&pid=${outsider.id}`, 403, 'Affiliate is not allowed on this offer'],
  ];
  for (const [url, code, text] of cases) {
    const response = await app.app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, code, url);
    assert.equal(response.body, text, url);
    assert.match(response.headers['content-type'] as string, /^text\/plain/);
    assert.equal(response.headers['set-cookie'], undefined);
  }
  const allowed = await app.app.inject({ method: 'GET', url: `/click?offer_id=${priv.id}&pid=${world.affiliate.id}` });
  assert.equal(allowed.statusCode, 302);
});

test('trafficback: refused clicks of an offer with a trafficback_url go there', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, {
    offer: { status: 'stopped', trafficback_url: 'https://tb.example/?o={offer_id}&s={sub1}&c={clickid}' },
  });
  const response = await app.app.inject({
    method: 'GET',
    url: `/click?offer_id=${world.offer.id}&pid=${world.affiliate.id}&sub1=q`,
  });
  assert.equal(response.statusCode, 302);
  assert.equal(response.headers.location, `https://tb.example/?o=${world.offer.id}&s=q&c=`);
  assert.equal(response.headers['set-cookie'], undefined);
  const unknownAffiliate = await app.app.inject({ method: 'GET', url: `/click?offer_id=${world.offer.id}&pid=424242` });
  assert.equal(unknownAffiliate.statusCode, 302);
});

test('HEAD /click stores nothing and redirects nowhere', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const response = await app.app.inject({
    method: 'HEAD',
    url: `/click?offer_id=${world.offer.id}&pid=${world.affiliate.id}`,
  });
  assert.notEqual(response.statusCode, 302);
});

test('behind a trusted proxy the client address comes from X-Forwarded-For; clicks are counted', async (t) => {
  const app = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
  t.after(() => app.close());
  const world = await seedWorld(app);
  const response = await app.app.inject({
    method: 'GET',
    url: `/click?offer_id=${world.offer.id}&pid=${world.affiliate.id}`,
    headers: { 'x-forwarded-for': '8.8.8.8' },
  });
  const clickid = new URL(response.headers.location as string).searchParams.get('c') as string;
  const click = await app.ctx.store.clicks.get(clickid);
  assert.equal(click?.ip, '8.8.8.8');
  assert.equal(click?.country, 'US');
  await app.app.inject({ method: 'GET', url: `/click?offer_id=${world.offer.id}&pid=999` });
  const metrics = await app.ctx.metrics.registry.getSingleMetricAsString('trackpost_clicks_total');
  assert.match(metrics, /result="redirect"} 1/);
  assert.match(metrics, /result="refused"} 1/);
});

test('a tracking URL with spaces or non-ASCII characters still redirects', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { offer: { tracking_url: 'https://land.example/ünï code?c={clickid}' } });
  const response = await app.app.inject({
    method: 'GET',
    url: `/click?offer_id=${world.offer.id}&pid=${world.affiliate.id}`,
  });
  assert.equal(response.statusCode, 302);
  assert.match(response.headers.location as string, /^https:\/\/land\.example\/%C3%BCn%C3%AF%20code\?c=[0-9a-f]{24}$/);
});
