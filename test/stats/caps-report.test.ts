/**
 * `GET /3.0/stats/caps` and `/3.1/stats/caps`: each rule's progress in its current window, in
 * Affise's shape, from real clicks and postbacks; split rules list a counter per affiliate or
 * goal; the three list encodings of `offer_id`; bad input answers 400 with the exact texts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, createAffiliate, createOffer, postback, startWorld, type World } from '../outbound/world.js';

async function click(w: World, offer: number, affiliate: number): Promise<string> {
  const response = await w.t.app.inject({ method: 'GET', url: `/click?offer_id=${offer}&pid=${affiliate}` });
  assert.equal(response.statusCode, 302, response.body);
  return new URL(response.headers.location as string).searchParams.get('c') as string;
}

/** The first instant of next month (UTC), as the API writes it. */
function nextMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
}

test('caps progress: counters per rule, split per affiliate and goal, in every list encoding', async () => {
  const w = await startWorld();
  try {
    const first = await createAffiliate(w, 'First');
    const second = await createAffiliate(w, 'Second');
    const offer = await createOffer(w, {
      caps: [
        { period: 'all', type: 'conversions', value: 2 },
        { period: 'month', type: 'clicks', value: 5, affiliate_type: 'each' },
        { period: 'month', type: 'budget', value: 100, goal_type: 'each' },
      ],
    });
    const other = await createOffer(w);
    const a1 = await click(w, offer.id, first.id);
    await click(w, offer.id, first.id);
    const b1 = await click(w, offer.id, second.id);
    await postback(w, { clickid: a1 });
    await postback(w, { clickid: b1, goal: 'sale' });

    const answer = await api(w.t, 'GET', `/3.0/stats/caps?offer_id[]=${offer.id}&offer_id[]=${other.id}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 1);
    assert.deepEqual(
      answer.body.stats.map((s: { offer_id: number }) => s.offer_id),
      [offer.id, other.id],
    );
    assert.deepEqual(answer.body.stats[1].stats, []);
    const [conversions, clicks, budget] = answer.body.stats[0].stats;
    assert.deepEqual(conversions, {
      id: '1',
      timeframe: 'all',
      type: 'conversions',
      value: 2,
      current_value: 2,
      is_remaining: false,
      reset_to_value: 0,
      goal_type: 'all',
      goals: [],
      goal_stats: {},
      affiliate_type: 'all',
      affiliates: [],
      country_type: 'all',
      countries: [],
      resets_at: null,
      counters: [{ affiliate_id: null, goal: null, current_value: 2, remaining: 0 }],
    });
    assert.equal(clicks.id, '2');
    assert.equal(clicks.current_value, 2);
    assert.equal(clicks.is_remaining, true);
    assert.equal(clicks.resets_at, nextMonth());
    assert.deepEqual(clicks.counters, [
      { affiliate_id: first.id, goal: null, current_value: 2, remaining: 3 },
      { affiliate_id: second.id, goal: null, current_value: 1, remaining: 4 },
    ]);
    assert.equal(budget.value, 100);
    assert.equal(budget.current_value, 12.5);
    assert.deepEqual(budget.counters, [
      { affiliate_id: null, goal: '1', current_value: 7, remaining: 93 },
      { affiliate_id: null, goal: 'Sale', current_value: 12.5, remaining: 87.5 },
    ]);

    // The alias, and the other encodings, answer the same.
    for (const query of [
      `offer_id[0]=${offer.id}&offer_id[1]=${other.id}`,
      `offer_id=${offer.id}&offer_id=${other.id}`,
    ]) {
      const again = await api(w.t, 'GET', `/3.1/stats/caps?${query}`);
      assert.equal(again.status, 200, query);
      assert.deepEqual(again.body, answer.body, query);
    }
  } finally {
    await w.close();
  }
});

test('caps progress: conversions stored before the rule count; bad input answers 400, unknown offer 404', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Aff');
    const offer = await createOffer(w);
    await postback(w, { clickid: await click(w, offer.id, aff.id) });
    await api(w.t, 'PATCH', `/3.0/admin/offers/${offer.id}`, {
      caps: [{ period: 'month', type: 'conversions', value: 3, affiliate_type: 'exact', affiliates: [aff.id] }],
    });
    const answer = await api(w.t, 'GET', `/3.0/stats/caps?offer_id=${offer.id}&timezone=Asia/Kolkata`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.stats[0].stats[0].current_value, 1);
    assert.deepEqual(answer.body.stats[0].stats[0].affiliates, [aff.id]);

    const cases: [string, number, string][] = [
      ['', 400, 'Missing mandatory parameter offer_id'],
      ['offer_id=abc', 400, 'Invalid offer_id value: abc'],
      ['offer_id[]=0', 400, 'Invalid offer_id value: 0'],
      [`offer_id=${offer.id}&slice=day`, 400, 'Unknown parameter: slice'],
      [`offer_id=${offer.id}&timezone=Mars/Base`, 400, 'Invalid timezone: Mars/Base'],
      ['offer_id=999999', 404, 'Offer not found: 999999'],
    ];
    for (const [query, status, text] of cases) {
      const refused = await api(w.t, 'GET', `/3.0/stats/caps?${query}`);
      assert.equal(refused.status, status, query);
      assert.deepEqual(refused.body, { status: 2, error: text, message: text }, query);
    }
    const byAffiliate = await api(w.t, 'GET', `/3.0/stats/caps?offer_id=${offer.id}`, undefined, 'wrong-key');
    assert.equal(byAffiliate.status, 401);
  } finally {
    await w.close();
  }
});
