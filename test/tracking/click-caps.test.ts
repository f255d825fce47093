/**
 * Caps at /click, through the real app: a clicks rule refuses its affiliate's clicks once
 * reached (403 `Cap is reached`, or the offer's trafficback URL when it has one), counting each
 * as `overcap` in the trafficback report; rules split per affiliate count each affiliate alone;
 * with `is_redirect_overcap`, a reached conversions rule refuses clicks too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, createAffiliate, createOffer, postback, startWorld, type World } from '../outbound/world.js';

/** One click; its status and Location. */
async function click(w: World, offer: number, affiliate: number) {
  const response = await w.t.app.inject({ method: 'GET', url: `/click?offer_id=${offer}&pid=${affiliate}` });
  return {
    status: response.statusCode,
    location: response.headers.location as string | undefined,
    body: response.body,
  };
}

/** Overcap refusals counted today (UTC) in the trafficback report. */
async function overcaps(w: World): Promise<number> {
  const d = new Date().toISOString().slice(0, 10);
  const answer = await api(w.t, 'GET', `/3.0/stats/getbytrafficback?filter[date_from]=${d}&filter[date_to]=${d}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const row = answer.body.stats.find(
    (r: { slice: { trafficback_reason: string } }) => r.slice.trafficback_reason === 'overcap',
  );
  return row?.trafficback ?? 0;
}

test('clicks cap: reached per affiliate refuses with 403, then goes to trafficback; counted as overcap', async () => {
  const w = await startWorld();
  try {
    const first = await createAffiliate(w, 'First');
    const second = await createAffiliate(w, 'Second');
    const offer = await createOffer(w);
    // Two clicks stored before the rule exists count toward it.
    for (let i = 0; i < 2; i++) assert.equal((await click(w, offer.id, first.id)).status, 302);
    const patched = await api(w.t, 'PATCH', `/3.0/admin/offers/${offer.id}`, {
      caps: [{ period: 'month', type: 'clicks', value: 3, affiliate_type: 'each' }],
      caps_timezone: 'Asia/Kolkata',
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal((await click(w, offer.id, first.id)).status, 302);
    const refused = await click(w, offer.id, first.id);
    assert.equal(refused.status, 403);
    assert.equal(refused.body, 'Cap is reached');
    // The other affiliate has a counter of its own.
    for (let i = 0; i < 3; i++) assert.equal((await click(w, offer.id, second.id)).status, 302);
    assert.equal((await click(w, offer.id, second.id)).status, 403);

    await api(w.t, 'PATCH', `/3.0/admin/offers/${offer.id}`, { trafficback_url: 'https://tb.example/?o={offer_id}' });
    const redirected = await click(w, offer.id, first.id);
    assert.equal(redirected.status, 302);
    assert.equal(redirected.location, `https://tb.example/?o=${offer.id}`);
    assert.equal(await overcaps(w), 3);

    // A higher value lets clicks through again: the counter is the stored clicks, not a flag.
    await api(w.t, 'PATCH', `/3.0/admin/offers/${offer.id}`, {
      caps: [{ period: 'month', type: 'clicks', value: 4, affiliate_type: 'each' }],
    });
    assert.match((await click(w, offer.id, first.id)).location ?? '', /^https:\/\/shop\.example\//);
    assert.match((await click(w, offer.id, first.id)).location ?? '', /^https:\/\/tb\.example\//);
  } finally {
    await w.close();
  }
});

test('is_redirect_overcap: a reached conversions rule for all goals refuses clicks; without it clicks pass', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Aff');
    const offer = await createOffer(w, {
      caps: [
        { period: 'month', type: 'conversions', value: 1 },
        { period: 'month', type: 'conversions', value: 1, goal_type: 'exact', goals: ['Sale'] },
      ],
    });
    const converted = await click(w, offer.id, aff.id);
    const clickid = new URL(converted.location as string).searchParams.get('c') as string;
    await postback(w, { clickid });
    // Reached, but is_redirect_overcap is off: clicks still go to the offer.
    assert.equal((await click(w, offer.id, aff.id)).status, 302);
    await api(w.t, 'PATCH', `/3.0/admin/offers/${offer.id}`, { is_redirect_overcap: true });
    const refused = await click(w, offer.id, aff.id);
    assert.equal(refused.status, 403);
    assert.equal(refused.body, 'Cap is reached');
    assert.equal(await overcaps(w), 1);
    // Only rules for all goals refuse clicks: with the all-goals rule gone, clicks pass.
    await api(w.t, 'PATCH', `/3.0/admin/offers/${offer.id}`, {
      caps: [{ period: 'month', type: 'conversions', value: 1, goal_type: 'exact', goals: ['Sale'] }],
    });
    const sale = await click(w, offer.id, aff.id);
    assert.equal(sale.status, 302);
    await postback(w, { clickid: new URL(sale.location as string).searchParams.get('c') as string, goal: 'sale' });
    assert.equal((await click(w, offer.id, aff.id)).status, 302);
  } finally {
    await w.close();
  }
});
