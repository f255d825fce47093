// clickCaps: which cap counters decide a click, and which of them the stored click joins.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CapRule, type CapSettings, capSettings } from '../../src/domain/caps.js';
import { anyReached, ClickCapsMemory, clickCaps } from '../../src/domain/click-caps.js';
import { sampleCapRule } from './samples.js';

let nextId = 1;
const rule = (change: Partial<CapRule>) => sampleCapRule({ id: nextId++, ...change });

const NOW = Date.UTC(2026, 10, 20, 12);
const caps = (settings: Partial<CapSettings>, affiliate = 7) =>
  clickCaps(capSettings(settings), 1, 'USD', affiliate, NOW);
const ids = (touches: { rule_id: number }[]) => touches.map((touch) => touch.rule_id);

test('clickCaps: an offer without rules, or with conversions rules only, checks nothing', () => {
  assert.equal(caps({}), null);
  assert.equal(caps({ caps: [rule({ type: 'conversions' }), rule({ type: 'budget', value: 50 })] }), null);
});

test('clickCaps: clicks rules are joined, for the affiliates they apply to, split by affiliate under each', () => {
  const all = rule({});
  const each = rule({ affiliate_type: 'each' });
  const onlySeven = rule({ affiliate_type: 'exact', affiliates: [7] });
  const settings = { caps: [all, each, onlySeven] };
  const seven = caps(settings, 7);
  assert.ok(seven);
  assert.deepEqual(ids(seven.joins), [all.id, each.id, onlySeven.id]);
  assert.deepEqual(seven.reads, []);
  assert.deepEqual(
    seven.joins.map((touch) => touch.affiliate_id),
    [0, 7, 0],
  );
  const eight = caps(settings, 8);
  assert.ok(eight);
  assert.deepEqual(ids(eight.joins), [all.id, each.id]);
  assert.equal(eight.joins[1].affiliate_id, 8);
});

test('clickCaps: with is_redirect_overcap, conversions and budget rules for all goals are read, never joined', () => {
  const conversions = rule({ type: 'conversions' });
  const budget = rule({ type: 'budget', value: 50 });
  const exactGoal = rule({ type: 'conversions', goal_type: 'exact', goals: ['sale'] });
  const eachGoal = rule({ type: 'conversions', goal_type: 'each' });
  const otherAffiliate = rule({ type: 'conversions', affiliate_type: 'exact', affiliates: [8] });
  const settings = { caps: [conversions, budget, exactGoal, eachGoal, otherAffiliate], is_redirect_overcap: true };
  const found = caps(settings);
  assert.ok(found);
  assert.deepEqual(found.joins, []);
  assert.deepEqual(ids(found.reads), [conversions.id, budget.id]);
  // The budget counter sums payouts in the offer's currency.
  assert.equal(found.reads[1].baseline.measure, 'pay');
  assert.equal(found.reads[1].baseline.currency, 'USD');
  assert.equal(found.reads[0].baseline.source, 'conversions');
  // Without the flag the same rules do not touch clicks.
  assert.equal(caps({ ...settings, is_redirect_overcap: false }), null);
});

test('anyReached: a counter at or over its rule value is reached', () => {
  const found = caps({ caps: [rule({ value: 3 }), rule({ value: 5, affiliate_type: 'each' })] });
  assert.ok(found);
  assert.equal(anyReached(found.joins, [2, 4]), false);
  assert.equal(anyReached(found.joins, [3, 0]), true);
  assert.equal(anyReached(found.joins, [0, 6]), true);
});

test('ClickCapsMemory: one offer and affiliate share their touches within the windows, and only there', () => {
  const memory = new ClickCapsMemory();
  const offer = {
    id: 1,
    currency: 'USD',
    caps_timezone: 'Asia/Kolkata',
    caps: [rule({ period: 'day' }), rule({ period: 'hour', type: 'clicks' })],
  };
  const first = memory.get(offer, 7, NOW);
  assert.deepEqual(first, clickCaps(capSettings(offer), 1, 'USD', 7, NOW));
  // Later in the same hour (and day): the very same touches.
  assert.equal(memory.get(offer, 7, NOW + 60_000), first);
  // Another affiliate has its own.
  assert.notEqual(memory.get(offer, 8, NOW), first);
  // The next hour (Kolkata's hours begin at half past): new windows, computed anew.
  const hourEnd = Math.max(...first!.joins.map((touch) => touch.window_start)) + 3_600_000;
  const next = memory.get(offer, 7, hourEnd);
  assert.notEqual(next, first);
  assert.deepEqual(next, clickCaps(capSettings(offer), 1, 'USD', 7, hourEnd));
  assert.equal(memory.get(offer, 7, hourEnd - 1) === first, false, 'a forgotten window is computed again');
  // A catalog reload brings a new offer object: its caps are read afresh.
  const changed = { ...offer, caps: [rule({ period: 'day', value: 1 })] };
  assert.deepEqual(
    memory.get(changed, 7, NOW)!.joins.map((touch) => touch.limit),
    [1],
  );
});
