/**
 * The fan-out's pure rules on their own: which postback configurations an event selects, and
 * the macro values each audience gets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectAffiliatePostbacks, trackingEventFires } from '../../src/outbound/fan-out.js';
import { affiliateMacroValues, crossPostbackMacroValues, macroValuesBody } from '../../src/outbound/macro-values.js';
import { AFFILIATE_MACROS, CROSS_POSTBACK_MACROS } from '../../src/domain/macros.js';
import type { AffiliatePostback, Conversion, TrackingEvent } from '../../src/domain/entities.js';

const conversion: Conversion = {
  id: '65a0000000000000000000aa',
  clickid: '65a0000000000000000000bb',
  action_id: 'A-1',
  offer_id: 7,
  advertiser_id: 3,
  affiliate_id: 5,
  goal: 'Sale',
  goal_title: 'Sale',
  status: 2,
  sum: 995_000,
  revenue: 250_000,
  payout: 125_000,
  currency: 'EUR',
  country: 'DE',
  ip: '203.0.113.9',
  comment: null,
  custom_fields: { custom_field2: 'x' },
  subs: ['s1', null, null, null, null, null, null, 's8'],
  click_at: Date.UTC(2026, 10, 22, 10, 0, 0),
  created_at: Date.UTC(2026, 10, 22, 10, 15, 30, 123),
  updated_at: 0,
  hold_until: null,
  delta: 930,
  user_agent: 'Mozilla/5.0',
  referrer: null,
};

const postback = (id: number, fields: Partial<AffiliatePostback>): AffiliatePostback => ({
  id,
  affiliate_id: 5,
  offer_id: null,
  url: 'https://a.example/',
  method: 'GET',
  goals: [],
  statuses: [],
  created_at: 0,
  updated_at: 0,
  ...fields,
});

const event = (fields: Partial<TrackingEvent>): TrackingEvent => ({
  id: 1,
  affiliate_id: 5,
  scope: 'global',
  offer_ids: [],
  goals: [],
  statuses: [2],
  url: 'https://a.example/',
  created_at: 0,
  updated_at: 0,
  ...fields,
});

test('offer postbacks replace global ones even when their filters then exclude the event', () => {
  const global = postback(1, {});
  const forOffer = postback(2, { offer_id: 7, goals: ['install'] });
  assert.deepEqual(selectAffiliatePostbacks([global, forOffer], conversion), []);
  assert.deepEqual(selectAffiliatePostbacks([global, postback(3, { offer_id: 8 })], conversion), [global]);
  const matching = postback(4, { offer_id: 7, goals: ['SALE'], statuses: [2, 1] });
  assert.deepEqual(selectAffiliatePostbacks([global, forOffer, matching], conversion), [matching]);
  assert.deepEqual(selectAffiliatePostbacks([postback(5, { statuses: [1] })], conversion), []);
});

test('tracking event scope, goals and statuses', () => {
  assert.equal(trackingEventFires(event({}), conversion), true);
  assert.equal(trackingEventFires(event({ offer_ids: [7] }), conversion), false, 'global minus excluded');
  assert.equal(trackingEventFires(event({ scope: 'offer', offer_ids: [7] }), conversion), true);
  assert.equal(trackingEventFires(event({ scope: 'offer', offer_ids: [8] }), conversion), false);
  assert.equal(trackingEventFires(event({ goals: ['sale'] }), conversion), true, 'goals match case-insensitively');
  assert.equal(trackingEventFires(event({ goals: ['install'] }), conversion), false);
  assert.equal(trackingEventFires(event({ statuses: [1, 3] }), conversion), false);
});

test('macro values: every documented name has a value source; affiliates never get the advertiser money', () => {
  const affiliate = affiliateMacroValues(conversion, { offerTitle: 'Offer', affiliateName: 'Aff' });
  const cross = crossPostbackMacroValues(conversion, { offerTitle: 'Offer', affiliateName: 'Aff' });
  assert.deepEqual(Object.keys(affiliate).sort(), [...AFFILIATE_MACROS].sort());
  assert.deepEqual(Object.keys(cross).sort(), [...CROSS_POSTBACK_MACROS].sort());
  assert.deepEqual(
    [affiliate.sum, affiliate.payout, affiliate.status, affiliate.status_name],
    ['12.5', '12.5', 2, 'pending'],
  );
  assert.deepEqual([cross.revenue, cross.order_sum, cross.advertiser_id], ['25', '99.5', 3]);
  assert.deepEqual(
    [affiliate.date, affiliate.date_only, affiliate.timestamp, affiliate.click_date],
    ['2026-11-22 10:15:30', '2026-11-22', Math.floor(conversion.created_at / 1000), '2026-11-22 10:00:00'],
  );
  assert.deepEqual(
    [affiliate.sub1, affiliate.affS1, affiliate.sub2, affiliate.sub8, affiliate.custom_field2, affiliate.custom_field1],
    ['s1', 's1', null, 's8', 'x', null],
  );
  const body = JSON.parse(macroValuesBody(cross));
  assert.deepEqual(
    [body.revenue, body.order_sum, body.payout, body.status, body.offer_id, body.comment, body.goal],
    [25, 99.5, 12.5, 2, 7, null, 'Sale'],
  );
});
