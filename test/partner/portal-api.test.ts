/**
 * The affiliate API's portal endpoints on the real app (SQLite, or PostgreSQL with
 * TEST_APP_DATABASE_URL): offers an affiliate may run with its caps, its postback URLs, the test
 * postback through the delivery sender and its address guard, a new key, the last delivery of
 * each tracking event, and staff viewing the portal as an affiliate (read-only, audited).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';
import { startSink } from '../helpers/sink.js';
import { firstAdmin, invite } from '../people/people.js';
import { api, click, create, createAffiliate, createOffer, postback, settled, startWorld } from '../outbound/world.js';

test('offers an affiliate may run, with its payouts and caps, never revenue or budget', async () => {
  const w = await startWorld();
  try {
    const a = await createAffiliate(w, 'A');
    const b = await createAffiliate(w, 'B');
    const open = await createOffer(w, {
      title: 'Open offer',
      caps: [
        { period: 'day', type: 'conversions', value: 5, affiliate_type: 'each' },
        { period: 'day', type: 'budget', value: 100 },
        { period: 'day', type: 'clicks', value: 50, affiliate_type: 'exact', affiliates: [b.id] },
      ],
    });
    const closed = await createOffer(w, { title: 'Closed', privacy: 'private', allowed_affiliates: [b.id] });
    await postback(w, { clickid: await click(w, open.id, a.id) });
    await settled(w);

    const list = await api(w.t, 'GET', '/3.0/partner/offers', undefined, a.api_key);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(
      list.body.offers.map((o: any) => o.id),
      [open.id],
    );
    const offer = list.body.offers[0];
    assert.match(offer.tracking_link, new RegExp(`/click\\?offer_id=${open.id}&pid=${a.id}$`));
    assert.deepEqual(
      offer.caps.map((c: any) => [c.type, c.value, c.current_value, c.remaining, c.shared]),
      [['conversions', 5, 1, 4, false]],
    );
    const text = JSON.stringify(list.body);
    for (const word of ['revenue', 'charge', 'earning', 'budget', 'profit'])
      assert.equal(text.includes(word), false, word);
    assert.equal((await api(w.t, 'GET', `/3.0/partner/offers/${closed.id}`, undefined, a.api_key)).status, 404);
    const theirs = await api(w.t, 'GET', `/3.0/partner/offers/${closed.id}`, undefined, b.api_key);
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body.caps, []);
  } finally {
    await w.close();
  }
});

test('postback URLs, the test postback, a new key and the last delivery of tracking events', async () => {
  const w = await startWorld();
  try {
    const a = await createAffiliate(w, 'A');
    const b = await createAffiliate(w, 'B');
    const offer = await createOffer(w);
    const hidden = await createOffer(w, { privacy: 'private', allowed_affiliates: [b.id] });

    // Postback URLs: own only; an offer closed to the caller is unknown; advertiser macros refused.
    const made = await api(
      w.t,
      'POST',
      '/3.0/partner/postback-urls',
      { url: `${w.sink.url}/pb?c={clickid}`, offer_id: offer.id, statuses: ['approved'] },
      a.api_key,
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.affiliate_id, a.id);
    const closed = await api(
      w.t,
      'POST',
      '/3.0/partner/postback-urls',
      { url: w.sink.url, offer_id: hidden.id },
      a.api_key,
    );
    assert.deepEqual([closed.status, closed.body.error], [400, `offer_id: unknown offer ${hidden.id}`]);
    const money = await api(
      w.t,
      'POST',
      '/3.0/partner/postback-urls',
      { url: `${w.sink.url}/?r={revenue}` },
      a.api_key,
    );
    assert.equal(money.status, 400);
    assert.match(money.body.error, /^url: macro \{revenue\} is allowed in cross-postback URLs only/);
    assert.equal(
      (await api(w.t, 'GET', `/3.0/partner/postback-urls/${made.body.id}`, undefined, b.api_key)).status,
      404,
    );
    assert.equal(
      (await api(w.t, 'PATCH', `/3.0/partner/postback-urls/${made.body.id}`, { method: 'POST' }, b.api_key)).status,
      404,
    );
    const changed = await api(
      w.t,
      'PATCH',
      `/3.0/partner/postback-urls/${made.body.id}`,
      { goals: ['sale'] },
      a.api_key,
    );
    assert.deepEqual(changed.body.goals, ['sale']);
    assert.equal((await api(w.t, 'GET', '/3.0/partner/postback-urls', undefined, b.api_key)).body.postbacks.length, 0);

    // The test postback reaches the receiver, macros filled, and shows its answer.
    w.sink.respond(() => ({ status: 202, body: 'accepted by receiver' }));
    const tried = await api(
      w.t,
      'POST',
      '/3.0/partner/postback-test',
      { url: `${w.sink.url}/test?c={clickid}&p={payout}` },
      a.api_key,
    );
    assert.equal(tried.status, 200, JSON.stringify(tried.body));
    assert.deepEqual(
      [tried.body.outcome, tried.body.http_code, tried.body.body],
      ['answered', 202, 'accepted by receiver'],
    );
    const got = await w.sink.waitFor((r) => r.url.startsWith('/test'));
    assert.equal(got.url, '/test?c=test-click-id&p=0');
    assert.ok(got.headers['idempotency-key']);
    const badMacro = await api(
      w.t,
      'POST',
      '/3.0/partner/postback-test',
      { url: `${w.sink.url}/?x={clickd}` },
      a.api_key,
    );
    assert.deepEqual(
      [badMacro.status, badMacro.body.error],
      [400, 'url: unknown macro {clickd} (did you mean {clickid}?)'],
    );
    const macros = await api(w.t, 'GET', '/3.0/partner/macros', undefined, a.api_key);
    assert.ok(macros.body.macros.includes('sub8'));
    assert.equal(macros.body.macros.includes('revenue'), false);

    // Tracking events: the list shows each one's newest delivery, or null for one never fired.
    w.sink.respond(() => ({}));
    const events: number[] = [];
    for (const statuses of [['pending'], ['approved'], ['declined']]) {
      const made = await api(
        w.t,
        'POST',
        '/3.0/partner/tracking-events',
        { statuses, url: `${w.sink.url}/te?c={clickid}` },
        a.api_key,
      );
      assert.equal(made.status, 201, JSON.stringify(made.body));
      events.push(made.body.id);
    }
    const lastOf = async () => {
      const list = await api(w.t, 'GET', '/3.0/partner/tracking-events', undefined, a.api_key);
      return new Map(list.body.tracking_events.map((e: any) => [e.id, e.last_delivery]));
    };
    assert.deepEqual([...(await lastOf()).values()], [null, null, null]);
    await postback(w, { clickid: await click(w, offer.id, a.id), status: 'pending' });
    const second = await postback(w, { clickid: await click(w, offer.id, a.id), status: 'pending' });
    const approved = await postback(w, { clickid: await click(w, offer.id, a.id), status: 'approved' });
    await settled(w);
    const last = await lastOf();
    const summary = (d: any) => d && [d.conversion_id, d.state, d.http_code, d.attempts];
    assert.deepEqual(
      events.map((id) => summary(last.get(id))),
      [[second, 'delivered', 200, 1], [approved, 'delivered', 200, 1], null],
    );

    // A new key: shown once, the old one stops working, the change is audited without the key.
    const renewed = await api(w.t, 'POST', '/3.0/partner/api-key', {}, a.api_key);
    assert.equal(renewed.status, 200);
    assert.equal((await api(w.t, 'GET', '/3.0/partner/offers', undefined, a.api_key)).status, 401);
    assert.equal((await api(w.t, 'GET', '/3.0/partner/offers', undefined, renewed.body.api_key)).status, 200);
    const audit = await api(w.t, 'GET', '/3.0/admin/audit?entity=api_key');
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.equal(audit.body.audit[0].actor.type, 'affiliate_key');
    assert.equal(JSON.stringify(audit.body).includes(renewed.body.api_key), false);
  } finally {
    await w.close();
  }
});

test('a test postback to a private address is blocked and sends nothing', async () => {
  const t = await startTestApp({ OUTBOUND_ALLOW_PRIVATE: 'false' });
  const sink = await startSink();
  try {
    const a = await create(t, '/3.0/admin/affiliates', { name: 'A' });
    const tried = await api(t, 'POST', '/3.0/partner/postback-test', { url: `${sink.url}/x` }, a.api_key);
    assert.equal(tried.status, 200, JSON.stringify(tried.body));
    assert.deepEqual([tried.body.outcome, tried.body.error, tried.body.http_code], ['blocked', 'Blocked address', 0]);
    assert.equal(sink.requests.length, 0);
  } finally {
    await sink.close();
    await t.close();
  }
});

test('staff view the portal as an affiliate: read-only, staff routes closed, audited', async () => {
  const t = await startTestApp();
  try {
    const owner = await firstAdmin(t);
    const a = await create(t, '/3.0/admin/affiliates', { name: 'Alpha' });
    const viewer = await invite(t, 'viewer', 'v@example.com');
    assert.equal((await viewer.call('POST', `/3.0/admin/affiliates/${a.id}/impersonate`)).status, 403);
    const byKey = await t.app.inject({
      method: 'POST',
      url: `/3.0/admin/affiliates/${a.id}/impersonate`,
      headers: t.admin,
    });
    assert.equal(byKey.statusCode, 401);
    assert.equal((await owner.call('POST', '/3.0/admin/affiliates/999/impersonate')).status, 404);

    const started = await owner.call('POST', `/3.0/admin/affiliates/${a.id}/impersonate`);
    assert.deepEqual(started.body, { status: 1, as_affiliate: { affiliate_id: a.id, affiliate_name: 'Alpha' } });
    const me = await owner.call('GET', '/3.0/auth/me');
    assert.deepEqual([me.body.user.role, me.body.as_affiliate.affiliate_id], ['admin', a.id]);
    assert.equal((await owner.call('GET', '/3.0/partner/tracking-events')).status, 200);
    const write = await owner.call('POST', '/3.0/partner/tracking-events', {
      statuses: ['approved'],
      url: 'https://example.com/',
    });
    assert.deepEqual([write.status, write.body.error], [403, 'Read-only: you are viewing the portal as an affiliate']);
    assert.equal((await owner.call('GET', '/3.0/admin/affiliates')).status, 403);

    assert.equal((await owner.call('POST', '/3.0/auth/impersonation/end')).status, 200);
    assert.equal((await owner.call('GET', '/3.0/admin/affiliates')).status, 200);
    assert.equal((await owner.call('GET', '/3.0/partner/tracking-events')).status, 403);
    const again = await owner.call('GET', '/3.0/auth/me');
    assert.equal('as_affiliate' in again.body, false);

    const audit = await owner.call('GET', `/3.0/admin/audit?entity=affiliates&entity_id=${a.id}`);
    const actions = audit.body.audit.map((row: any) => [row.action, row.actor.email]);
    assert.deepEqual(actions.slice(0, 2), [
      ['back from affiliate', 'owner@example.com'],
      ['sign in as affiliate', 'owner@example.com'],
    ]);
  } finally {
    await t.close();
  }
});
