/** Pure conversion rules: the existing-conversion decision, hold, identity keys, money. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyHold, conversionIdentity, conversionMoney } from '../../src/domain/conversion-build.js';
import { decideExisting } from '../../src/domain/existing-conversion.js';
import { STATUS } from '../../src/domain/status.js';
import type { Offer, Payout } from '../../src/domain/entities.js';
import { newPayout } from '../../src/domain/offer-defaults.js';

const payout = (overrides: Partial<Payout> = {}): Payout =>
  newPayout({
    goal: 'Sale',
    title: 'Sale',
    revenue: 100_000,
    payout: 50_000,
    ...overrides,
  });

test('decideExisting: open statuses move, closed ones refuse, repeats exist', () => {
  assert.equal(decideExisting(STATUS.pending, STATUS.approved), 'update');
  assert.equal(decideExisting(STATUS.hold, STATUS.declined), 'update');
  assert.equal(decideExisting(STATUS.approved, STATUS.declined), 'not_pending');
  assert.equal(decideExisting(STATUS.declined, STATUS.approved), 'not_pending');
  assert.equal(decideExisting(STATUS.pending, STATUS.pending), 'exists');
  assert.equal(decideExisting(STATUS.approved, null), 'exists');
  assert.equal(decideExisting(STATUS.pending, null), 'exists');
});

test('applyHold: approved becomes hold only on offers with hold_days', () => {
  const now = 1_000_000;
  const withHold = { hold_days: 3 } as Offer;
  const without = { hold_days: 0 } as Offer;
  assert.deepEqual(applyHold(STATUS.approved, withHold, now), {
    status: STATUS.hold,
    hold_until: now + 3 * 86_400_000,
  });
  assert.deepEqual(applyHold(STATUS.approved, without, now), { status: STATUS.approved, hold_until: null });
  assert.deepEqual(applyHold(STATUS.pending, withHold, now), { status: STATUS.pending, hold_until: null });
  assert.deepEqual(applyHold(STATUS.hold, without, now), { status: STATUS.hold, hold_until: null });
});

test('conversionIdentity per multiple mode', () => {
  const click = 'a'.repeat(24);
  assert.deepEqual(conversionIdentity(1, payout(), null, click), {
    offer_id: 1,
    goal_key: 'sale',
    action_key: click,
    once_per_click: false,
  });
  assert.deepEqual(conversionIdentity(1, payout(), 'T1', click), {
    offer_id: 1,
    goal_key: 'sale',
    action_key: 'T1',
    once_per_click: false,
  });
  assert.equal(conversionIdentity(1, payout({ multiple: 'yes' }), null, click).action_key, null);
  assert.equal(conversionIdentity(1, payout({ multiple: 'yes' }), 'T1', click).action_key, 'T1');
  assert.equal(conversionIdentity(1, payout({ multiple: 'no' }), 'T1', click).once_per_click, true);
});

test('conversionMoney: fixed ignores the sum; percent takes a share of it, 0 without one', () => {
  assert.deepEqual(conversionMoney(payout(), 999_999), { revenue: 100_000, payout: 50_000 });
  const percent = payout({ payout_type: 'percent', revenue: 150_000, payout: 33_333 }); // 15% and 3.3333%
  assert.deepEqual(conversionMoney(percent, 1_000_000), { revenue: 150_000, payout: 33_333 });
  assert.deepEqual(conversionMoney(percent, 15), { revenue: 2, payout: 0 }); // 0.00225 -> 0.0002; 0.0000499995 -> 0
  assert.deepEqual(conversionMoney(percent, null), { revenue: 0, payout: 0 });
});
