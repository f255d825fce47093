/**
 * The access table, route by route, through the real server: every route the server registers
 * has a rule, and every protected route is called by every kind of caller (nobody, the admin
 * key, an affiliate key, and a session of each role). The expected answer comes from the rules
 * written out below, independently of the table. A refused call is sent with a request that
 * would change data if it got through, and must change nothing; an allowed call is sent with
 * one that changes nothing (unknown ids, invalid bodies) and must get past the check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS, PUBLIC } from '../../src/people/access-table.js';
import { routesSeen } from '../../src/people/access.js';
import { seedConversion } from '../admin/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { firstAdmin, invite, type Person } from './people.js';

type Caller = 'nobody' | 'admin key' | 'affiliate key' | 'admin' | 'manager' | 'viewer' | 'affiliate';
const CALLERS: Caller[] = ['nobody', 'admin key', 'affiliate key', 'admin', 'manager', 'viewer', 'affiliate'];

/** The contract's rules, restated: who may call `method url`. */
function allowed(method: string, url: string, caller: Caller): boolean {
  const read = method === 'GET';
  if (url.startsWith('/3.0/auth/')) return ['admin', 'manager', 'viewer', 'affiliate'].includes(caller);
  if (url.startsWith('/3.0/partner/')) return caller === 'affiliate' || caller === 'affiliate key';
  // Reports any caller may read: an affiliate's narrow themselves to its own records.
  if (/^\/3\.0\/stats\/(custom|getbytrafficback)$/.test(url)) return caller !== 'nobody';
  // Viewing the portal as an affiliate is for staff who change things, in a session.
  if (url === '/3.0/admin/affiliates/:id/impersonate') return caller === 'admin' || caller === 'manager';
  if (/^\/3\.0\/admin\/(users|audit|settings)/.test(url)) return caller === 'admin' || caller === 'admin key';
  if (url.startsWith('/3.0/admin/') || url.startsWith('/3.0/stats/') || url.startsWith('/3.1/stats/')) {
    return ['admin key', 'admin', 'manager'].includes(caller) || (read && caller === 'viewer');
  }
  throw new Error(`no expectation for ${method} ${url}`);
}

test('every registered route is in the access table, and every line of the table is a route', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const seen = routesSeen(app.app);
  assert.ok(seen.length > 50);
  assert.deepEqual(
    seen.filter((route) => route.rule === undefined).map((route) => `${route.method} ${route.url}`),
    [],
  );
  // HEAD follows the GET line of its URL.
  const registered = new Set(seen.map((route) => `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`));
  assert.deepEqual(
    Object.keys(ACCESS).filter((line) => !registered.has(line)),
    [],
  );
});

interface World {
  t: TestApp;
  people: Record<'admin' | 'manager' | 'viewer' | 'affiliate', Person>;
  affiliateKey: string;
  ids: Record<string, string | number>;
}

async function world(): Promise<World> {
  const t = await startTestApp();
  const key = async (method: string, url: string, payload?: object, apiKey = t.admin['api-key']) => {
    const response = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { 'api-key': apiKey },
      ...(payload ? { payload } : {}),
    });
    assert.ok(response.statusCode < 300, `${method} ${url}: ${response.body}`);
    return response.json();
  };
  const admin = await firstAdmin(t);
  const advertiser = await key('POST', '/3.0/admin/advertisers', { name: 'Adv' });
  const affiliate = await key('POST', '/3.0/admin/affiliates', { name: 'Aff' });
  const offer = await key('POST', '/3.0/admin/offers', {
    title: 'Offer',
    advertiser_id: advertiser.id,
    tracking_url: 'https://shop.example/?c={clickid}',
    payouts: [{ revenue: 10, payout: 7 }],
  });
  const postback = await key('POST', `/3.0/admin/affiliates/${affiliate.id}/postbacks`, {
    url: 'https://a.example/pb?c={clickid}',
  });
  const event = await key('POST', '/3.0/admin/tracking-events', {
    affiliate_id: affiliate.id,
    statuses: ['approved'],
    url: 'https://a.example/te',
  });
  const link = await key('POST', '/3.0/admin/share-links', {
    slice: 'conversions',
    filters: { date_from: '2026-01-01', date_to: '2026-12-31' },
  });
  const conversion = await seedConversion(t, { offer: offer.id, advertiser: advertiser.id, affiliate: affiliate.id });
  const people = {
    admin,
    manager: await invite(t, 'manager', 'manager@example.com'),
    viewer: await invite(t, 'viewer', 'viewer@example.com'),
    affiliate: await invite(t, 'affiliate', 'affiliate@example.com', affiliate.id),
  };
  const victim = await key('POST', '/3.0/admin/users', { email: 'victim@example.com', name: 'Victim', role: 'viewer' });
  return {
    t,
    people,
    affiliateKey: affiliate.api_key,
    ids: {
      advertiser: advertiser.id,
      affiliate: affiliate.id,
      offer: offer.id,
      postback: postback.id,
      event: event.id,
      token: link.token,
      conversion: conversion.id,
      user: victim.id,
    },
  };
}

/** The dates a statistics route is asked for (custom reports take Affise's filter[] names). */
function reportQuery(pattern: string): string {
  if (/\/stats\/(custom|getbytrafficback)$/.test(pattern)) {
    return '?filter[date_from]=2026-01-01&filter[date_to]=2026-12-31';
  }
  return pattern.startsWith('/3.0/stats/') ? '?date_from=2026-01-01&date_to=2026-12-31' : '';
}

/** A request that would change data (or read real records) if it got through. */
function harmful(line: string, ids: World['ids']): { url: string; body?: object } {
  const [method, pattern] = line.split(' ');
  const url = pattern
    .replace('/affiliates/:affiliate_id/postbacks/:id', `/affiliates/${ids.affiliate}/postbacks/${ids.postback}`)
    .replace(':affiliate_id', String(ids.affiliate))
    .replace(/\/(\w[\w-]*)\/:id/, (_, word: string) => {
      const id: Record<string, string | number> = {
        advertisers: ids.advertiser,
        affiliates: ids.affiliate,
        offers: ids.offer,
        'tracking-events': ids.event,
        conversions: ids.conversion,
        outbound: '0'.repeat(24),
        users: ids.user,
      };
      return `/${word}/${id[word]}`;
    })
    .replace(':token', String(ids.token));
  const query = reportQuery(pattern);
  const bodies: Record<string, object> = {
    'POST /3.0/admin/advertisers': { name: 'Intruder' },
    'PATCH /3.0/admin/advertisers/:id': { name: 'Intruder' },
    'POST /3.0/admin/affiliates': { name: 'Intruder' },
    'PATCH /3.0/admin/affiliates/:id': { status: 'banned' },
    'POST /3.0/admin/affiliates/:affiliate_id/postbacks': { url: 'https://evil.example/' },
    'PATCH /3.0/admin/affiliates/:affiliate_id/postbacks/:id': { url: 'https://evil.example/' },
    'POST /3.0/admin/offers': {
      title: 'Intruder',
      advertiser_id: ids.advertiser,
      tracking_url: 'https://evil.example/',
    },
    'PATCH /3.0/admin/offers/:id': { payouts: [{ revenue: 10, payout: 99 }] },
    'POST /3.0/admin/tracking-events': {
      affiliate_id: ids.affiliate,
      statuses: ['approved'],
      url: 'https://evil.example/',
    },
    'PATCH /3.0/admin/tracking-events/:id': { url: 'https://evil.example/' },
    'PATCH /3.0/admin/conversions/:id': { status: 'declined' },
    'POST /3.0/admin/share-links': {
      slice: 'conversions',
      filters: { date_from: '2026-01-01', date_to: '2026-12-31' },
    },
    'POST /3.0/admin/users': { email: 'intruder@example.com', name: 'Intruder', role: 'admin' },
    'PATCH /3.0/admin/users/:id': { role: 'admin' },
    'PATCH /3.0/admin/settings': { totp_required_roles: ['viewer'] },
    'POST /3.0/partner/tracking-events': { statuses: ['approved'], url: 'https://evil.example/' },
    'PATCH /3.0/partner/tracking-events/:id': { url: 'https://evil.example/' },
    'POST /3.0/auth/password': { current_password: 'x', new_password: 'changed by someone else' },
  };
  return { url: url + query, body: bodies[`${method} ${pattern}`] };
}

/** A request that gets past the access check and changes nothing (unknown ids, invalid bodies). */
function harmless(line: string): { url: string; body?: object } {
  const [method, pattern] = line.split(' ');
  const url = pattern.replace(/:(\w+)/g, (_, name: string) =>
    name === 'affiliate_id' ? '999999' : name === 'token' ? 'nope' : '999999',
  );
  const query = reportQuery(pattern);
  if (method === 'GET') return { url: url + query };
  if (line === 'POST /3.0/auth/password')
    return { url, body: { current_password: 'wrong', new_password: 'long enough pass' } };
  if (line === 'DELETE /3.0/auth/totp') return { url, body: { code: '000000' } };
  if (line === 'POST /3.0/auth/totp') return { url, body: { code: 'abc' } };
  return { url, body: { unknown_field: true } };
}

async function snapshot(w: World): Promise<string> {
  const read = async (url: string) => (await w.t.app.inject({ method: 'GET', url, headers: w.t.admin })).body;
  const urls = [
    '/3.0/admin/advertisers',
    '/3.0/admin/affiliates',
    '/3.0/admin/offers',
    '/3.0/admin/tracking-events',
    `/3.0/admin/affiliates/${w.ids.affiliate}/postbacks`,
    `/3.0/admin/conversions/${w.ids.conversion}`,
    `/3.0/admin/share-links/${w.ids.token}`,
    '/3.0/admin/users',
    '/3.0/admin/settings',
    '/3.0/admin/audit?limit=1',
  ];
  return (await Promise.all(urls.map(read))).join('\n');
}

async function send(w: World, caller: Caller, method: string, request: { url: string; body?: object }) {
  if (caller === 'nobody' || caller === 'admin key' || caller === 'affiliate key') {
    const headers: Record<string, string> =
      caller === 'nobody' ? {} : { 'api-key': caller === 'admin key' ? w.t.admin['api-key'] : w.affiliateKey };
    const response = await w.t.app.inject({
      method: method as 'GET',
      url: request.url,
      headers,
      ...(request.body ? { payload: request.body } : {}),
    });
    return { status: response.statusCode, body: response.json() };
  }
  return w.people[caller].call(method, request.url, request.body);
}

/** Sign-out routes end the session they are called with: they run last, on fresh sessions. */
const SIGN_OUT = ['POST /3.0/auth/logout', 'POST /3.0/auth/logout-everywhere'];

test('role table: every route, every role, every key kind, allowed or refused; a refused call changes nothing', async (t) => {
  const w = await world();
  t.after(() => w.t.close());
  const lines = Object.entries(ACCESS)
    .filter(([, rule]) => rule !== PUBLIC)
    .map(([line]) => line)
    .sort((a, b) => Number(SIGN_OUT.includes(a)) - Number(SIGN_OUT.includes(b)));
  let checked = 0;
  for (const line of lines) {
    const [method, pattern] = line.split(' ');
    for (const caller of CALLERS) {
      const expectAllowed = allowed(method, pattern, caller);
      const before = await snapshot(w);
      const answer = await send(w, caller, method, expectAllowed ? harmless(line) : harmful(line, w.ids));
      const where = `${caller}: ${line} -> ${answer.status} ${JSON.stringify(answer.body)}`;
      if (expectAllowed) {
        assert.ok(![401, 403].includes(answer.status) || /CSRF|current_password/.test(answer.body.error), where);
        assert.notEqual(answer.body?.error, 'Unauthorized', where);
        assert.notEqual(answer.body?.error, 'Forbidden', where);
        if (SIGN_OUT.includes(line)) await w.people[caller as 'admin'].signIn();
      } else {
        const session = !['nobody', 'admin key', 'affiliate key'].includes(caller);
        assert.deepEqual(
          [answer.status, answer.body.status, answer.body.error],
          session ? [403, 2, 'Forbidden'] : [401, 2, 'Unauthorized'],
          where,
        );
        assert.equal(await snapshot(w), before, `${where} changed something`);
      }
      checked++;
    }
  }
  assert.equal(checked, lines.length * CALLERS.length);
});

test("an affiliate account sees exactly what its affiliate's key sees", async (t) => {
  const w = await world();
  t.after(() => w.t.close());
  const dates = '?date_from=2026-01-01&date_to=2026-12-31';
  const filters = '?filter[date_from]=2026-01-01&filter[date_to]=2026-12-31';
  for (const url of [
    `/3.0/partner/conversions${dates}`,
    '/3.0/partner/tracking-events',
    `/3.0/partner/postbacks${dates}`,
    `/3.0/partner/stats/custom${filters}&slice[]=offer`,
    `/3.0/stats/custom${filters}&slice[]=offer`,
    `/3.0/stats/getbytrafficback${filters}`,
  ]) {
    const byKey = await send(w, 'affiliate key', 'GET', { url });
    const bySession = await send(w, 'affiliate', 'GET', { url });
    assert.equal(byKey.status, 200, JSON.stringify(byKey.body));
    assert.deepEqual(bySession.body, byKey.body, url);
  }
  const conversion = await send(w, 'affiliate', 'GET', { url: `/3.0/partner/conversions/${w.ids.conversion}` });
  assert.equal(conversion.status, 200);
  assert.equal(conversion.body.revenue, undefined, 'no advertiser money');
  // Banning the affiliate shuts its account out as it shuts its key out.
  await w.t.app.inject({
    method: 'PATCH',
    url: `/3.0/admin/affiliates/${w.ids.affiliate}`,
    headers: w.t.admin,
    payload: { status: 'banned' },
  });
  assert.equal((await send(w, 'affiliate key', 'GET', { url: '/3.0/partner/tracking-events' })).status, 401);
  assert.equal((await send(w, 'affiliate', 'GET', { url: '/3.0/partner/tracking-events' })).status, 403);
});

test('the reports: staff sessions see what the admin key sees, an affiliate session what its key sees', async (t) => {
  const w = await world();
  t.after(() => w.t.close());
  const filters = '?filter[date_from]=2026-01-01&filter[date_to]=2026-12-31';
  for (const url of [`/3.0/stats/custom${filters}&slice[]=offer`, `/3.0/stats/getbytrafficback${filters}`]) {
    const byAdminKey = await send(w, 'admin key', 'GET', { url });
    assert.equal(byAdminKey.status, 200, JSON.stringify(byAdminKey.body));
    for (const role of ['admin', 'manager', 'viewer'] as const) {
      assert.deepEqual((await send(w, role, 'GET', { url })).body, byAdminKey.body, `${role}: ${url}`);
    }
  }
  const staff = await send(w, 'manager', 'GET', { url: `/3.0/stats/custom${filters}&slice[]=offer` });
  const own = await send(w, 'affiliate', 'GET', { url: `/3.0/stats/custom${filters}&slice[]=offer` });
  assert.equal(staff.body.stats[0].actions.total.charge, 2, 'staff see the advertiser money');
  assert.equal(own.body.stats.length, 1);
  assert.equal(own.body.stats[0].actions.total.charge, undefined, 'an affiliate sees no advertiser money');
  assert.equal(own.body.stats[0].actions.total.earning, undefined);
});
