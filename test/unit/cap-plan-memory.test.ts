/**
 * CapPlanMemory (domain/cap-plan.ts): a capped offer's conversions share one plan while what
 * its touches depend on is the same (affiliate, goal, currency, payout) and their times are
 * within the same windows; otherwise the plan is made afresh, as planCaps makes it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CapPlanMemory, planCaps } from '../../src/domain/cap-plan.js';
import { capSettings } from '../../src/domain/caps.js';
import { sampleCapRule } from './samples.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const offer = {
  currency: 'USD',
  caps_timezone: 'America/St_Johns',
  caps: [
    sampleCapRule({ id: 1, type: 'conversions', period: 'day', value: 10 }),
    sampleCapRule({ id: 2, type: 'budget', period: 'hour', value: 500 }),
  ],
};
const subject = { offer_id: 1, affiliate_id: 7, goal: '1', created_at: NOW, payout: 30, currency: 'USD' };

test('CapPlanMemory: one plan within the same windows and inputs; a new one past a window or another input', () => {
  const memory = new CapPlanMemory();
  const first = memory.plan(offer, subject);
  assert.deepEqual(first?.touches, planCaps(capSettings(offer), 'USD', subject)?.touches);
  assert.equal(memory.plan(offer, { ...subject, created_at: NOW + 60_000 }), first);
  for (const other of [{ payout: 40 }, { affiliate_id: 8 }, { goal: '2' }, { currency: 'EUR' }]) {
    const changed = { ...subject, ...other };
    const plan = memory.plan(offer, changed);
    assert.notEqual(plan, first);
    assert.deepEqual(plan?.touches, planCaps(capSettings(offer), 'USD', changed)?.touches);
  }
  // St. John's hours begin at half past the UTC hour: the budget's hour ends at 12:30 UTC.
  const nextHour = { ...subject, created_at: Date.UTC(2026, 10, 20, 12, 30) };
  const later = memory.plan(offer, nextHour);
  assert.notEqual(later, first);
  assert.deepEqual(later?.touches, planCaps(capSettings(offer), 'USD', nextHour)?.touches);
  // A catalog reload brings a new offer object: its rules are read afresh.
  const reloaded = { ...offer, caps: [sampleCapRule({ id: 1, type: 'conversions', period: 'day', value: 3 })] };
  assert.deepEqual(
    memory.plan(reloaded, subject)?.touches.map((touch) => touch.limit),
    [3],
  );
  assert.equal(memory.plan({ currency: 'USD', caps: [sampleCapRule({ type: 'clicks' })] }, subject), null);
});
