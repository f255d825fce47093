/**
 * Affise's macro spellings, end to end: a tracking URL from Affise's integration guides is
 * accepted and filled at the click; every Affise spelling in an affiliate postback and in a
 * cross-postback is accepted when saved and substituted in the request a local receiver gets;
 * a macro no platform knows is still refused, naming the nearest known one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AFFILIATE_MACROS, CLICK_MACROS, CROSS_POSTBACK_MACROS } from '../../src/domain/macros.js';
import { api, create, createAffiliate, createOffer, postback, queryOf, settled, startWorld } from './world.js';

/** A URL asking for each macro as a query parameter of the same name. */
const urlWith = (base: string, macros: readonly string[]) => `${base}?${macros.map((m) => `${m}={${m}}`).join('&')}`;

test('tracking URL: AppsFlyer and Kochava links from Affise guides are accepted and filled', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Best Traffic');
    const appsflyer =
      'https://app.appsflyer.com/com.example.app?pid=affise_int&c={offer_name}&af_siteid={pid}&clickid={click_id}&af_sub1={sub1}&af_ua={device_ua}&af_ip={ip}';
    const kochava =
      'https://control.kochava.com/v1/cpi/click?campaign_id=ko123&network_id=42&site_id={pid}&click_id={clickid}&att_time={time}&device_ua={uagent}&country={geo}';
    const offer = await createOffer(w, { title: 'Spring sale & more', tracking_url: appsflyer });
    const response = await w.t.app.inject({
      method: 'GET',
      url: `/click?offer_id=${offer.id}&pid=${aff.id}&sub1=s-1`,
      headers: { 'user-agent': 'Mozilla/5.0 Test' },
    });
    assert.equal(response.statusCode, 302, response.body);
    const af = new URL(response.headers.location as string).searchParams;
    assert.equal(af.get('c'), 'Spring sale & more');
    assert.equal(af.get('af_siteid'), String(aff.id));
    assert.match(af.get('clickid')!, /^[0-9a-f]{24}$/);
    assert.equal(af.get('af_sub1'), 's-1');
    assert.equal(af.get('af_ua'), 'Mozilla/5.0 Test');

    const patched = await api(w.t, 'PATCH', `/3.0/admin/offers/${offer.id}`, { tracking_url: kochava });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const before = Math.floor(Date.now() / 1000);
    const second = await w.t.app.inject({
      method: 'GET',
      url: `/click?offer_id=${offer.id}&pid=${aff.id}`,
      headers: { 'user-agent': 'UA 2' },
    });
    const ko = new URL(second.headers.location as string).searchParams;
    assert.ok(Number(ko.get('att_time')) >= before && Number(ko.get('att_time')) <= before + 60, ko.get('att_time')!);
    assert.equal(ko.get('device_ua'), 'UA 2');
    assert.match(ko.get('click_id')!, /^[0-9a-f]{24}$/);

    // Every macro a tracking URL may use is accepted, and each Affise extra is filled or empty.
    const all = await api(w.t, 'PATCH', `/3.0/admin/offers/${offer.id}`, {
      tracking_url: urlWith('https://shop.example/land', CLICK_MACROS),
    });
    assert.equal(all.status, 200, JSON.stringify(all.body));
    const third = await w.t.app.inject({
      method: 'GET',
      url: `/click?offer_id=${offer.id}&pid=${aff.id}&referrer=${encodeURIComponent('https://ref.example/a')}`,
    });
    const q = new URL(third.headers.location as string).searchParams;
    assert.equal(q.get('click_id'), q.get('clickid'));
    assert.equal(q.get('affiliate_name'), 'Best Traffic');
    assert.equal(q.get('advertiser_id'), String(w.advertiser));
    assert.equal(q.get('referrer'), 'https://ref.example/a');
    assert.match(q.get('rand')!, /^[0-9a-f-]{36}$/);
    assert.match(q.get('time_petty')!, /^\d\d:\d\d:\d\d$/);
    assert.equal(q.get('date_only'), new Date().toISOString().slice(0, 10));
    for (const empty of ['city', 'device_type', 'ext1', 'sub30', 'deeplink', 'fbclid'])
      assert.equal(q.get(empty), '', empty);

    const typo = await api(w.t, 'PATCH', `/3.0/admin/offers/${offer.id}`, {
      tracking_url: 'https://shop.example/?t={tme}',
    });
    assert.equal(typo.status, 400);
    assert.equal(typo.body.error, 'tracking_url: unknown macro {tme} (did you mean {time}?)');
  } finally {
    await w.close();
  }
});

test('affiliate postback and cross-postback: every Affise spelling is substituted in the delivered request', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Best Traffic');
    const offer = await createOffer(w, {
      cross_postback_url: urlWith(`${w.sink.url}/cross`, CROSS_POSTBACK_MACROS),
    });
    // Global postbacks all fire: the macros are spread over a few, each URL under the length limit.
    const chunks = Math.ceil(AFFILIATE_MACROS.length / 50);
    for (let i = 0; i < chunks; i++) {
      await create(w.t, `/3.0/admin/affiliates/${aff.id}/postbacks`, {
        url: urlWith(`${w.sink.url}/aff${i}`, AFFILIATE_MACROS.slice(i * 50, (i + 1) * 50)),
      });
    }
    // The click's user agent (header) and referring page (parameter) reach the conversion's postbacks.
    const clicked = await w.t.app.inject({
      method: 'GET',
      url: `/click?offer_id=${offer.id}&pid=${aff.id}&sub2=s2&referrer=${encodeURIComponent('https://ref.example/p?a=1')}`,
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux) Test/1.0' },
    });
    assert.equal(clicked.statusCode, 302, clicked.body);
    const clickid = new URL(clicked.headers.location as string).searchParams.get('c')!;
    const conversionId = await postback(w, {
      clickid,
      action_id: 'ORD-1',
      sum: '99.5',
      custom_field3: 'cf3',
      comment: 'hello',
    });
    const jobs = await settled(w);
    assert.equal(jobs.length, chunks + 1);
    assert.ok(jobs.every((job) => job.state === 'delivered'));
    /** Every parameter the receiver got on requests whose path begins with `path`. */
    const request = (path: string) => {
      const merged = new URLSearchParams();
      for (const found of w.sink.requests.filter((r) => r.url.startsWith(path))) {
        for (const [name, value] of queryOf(found.url)) merged.append(name, value);
      }
      assert.ok([...merged.keys()].length > 0, path);
      return merged;
    };
    for (const q of [request('/aff'), request('/cross')]) {
      assert.equal(q.get('click_id'), clickid);
      assert.equal(q.get('clickid'), clickid);
      assert.equal(q.get('conversion_id'), conversionId);
      assert.equal(q.get('transactionid'), 'ORD-1');
      assert.equal(q.get('offerid'), String(offer.id));
      assert.equal(q.get('offer_name'), 'Spring sale & more');
      assert.equal(q.get('affiliate_name'), 'Best Traffic');
      assert.equal(q.get('pid'), String(aff.id));
      assert.equal(q.get('custom_field_3'), 'cf3');
      assert.equal(q.get('custom_field3'), 'cf3');
      assert.equal(q.get('sub2'), 's2');
      assert.equal(q.get('geo'), q.get('country'));
      assert.equal(q.get('order_currency'), 'USD');
      assert.equal(q.get('sum'), '7');
      assert.equal(q.get('status'), '1');
      assert.equal(q.get('comment'), 'hello');
      assert.match(q.get('time_petty')!, /^\d\d:\d\d:\d\d$/);
      for (const ua of ['ua', 'uagent', 'device_ua']) assert.equal(q.get(ua), 'Mozilla/5.0 (X11; Linux) Test/1.0', ua);
      assert.equal(q.get('referrer'), 'https://ref.example/p?a=1');
      // Accepted, but Trackpost does not record these: filled with the empty string.
      for (const empty of ['device_type', 'city', 'os', 'ref_id', 'ext3', 'user_id']) {
        assert.equal(q.get(empty), '', empty);
      }
    }
    for (const [path, macros] of [
      ['/aff', AFFILIATE_MACROS],
      ['/cross', CROSS_POSTBACK_MACROS],
    ] as const) {
      const q = request(path);
      for (const macro of macros) {
        assert.ok(q.has(macro), `${path} {${macro}}`);
        assert.ok(!q.get(macro)!.includes('{'), `${path} {${macro}} substituted`);
      }
    }
    const affiliateSide = request('/aff');
    assert.match(affiliateSide.get('time')!, /^\d\d:\d\d:\d\d$/, "the conversion's time of day");
    for (const money of ['revenue', 'order_sum', 'advertiser_id']) assert.equal(affiliateSide.has(money), false);
    const cross = request('/cross');
    assert.match(cross.get('time')!, /^\d{10}$/, "the click's Unix time");
    assert.equal(cross.get('order_sum'), '99.5');
    assert.equal(cross.get('revenue'), '10');

    for (const money of ['order_sum', 'revenue']) {
      const refused = await api(w.t, 'POST', `/3.0/admin/affiliates/${aff.id}/postbacks`, {
        url: `https://aff.example/?m={${money}}`,
      });
      assert.equal(refused.status, 400);
      assert.match(refused.body.error, new RegExp(`^url: macro \\{${money}\\} is allowed in cross-postback URLs only`));
    }
    const unknown = await api(w.t, 'POST', `/3.0/admin/affiliates/${aff.id}/postbacks`, {
      url: 'https://aff.example/?u={uagnet}',
    });
    assert.equal(unknown.body.error, 'url: unknown macro {uagnet} (did you mean {uagent}?)');
  } finally {
    await w.close();
  }
});
