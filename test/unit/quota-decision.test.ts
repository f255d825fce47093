/**
 * The rule by which a PostgreSQL writer decides a batch with every row of its counters locked
 * (src/store/postgres/quota-decision.ts): beside the others' unused quota while that declines
 * nothing and passes no limit, else on the true totals with that quota taken back; and the quota
 * it grants itself, half of what is left, none on the shared row; and what a process remembers
 * of that room, so a batch that cannot fit skips the short way.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capTouches } from '../../src/domain/cap-plan.js';
import { capSettings } from '../../src/domain/caps.js';
import { counterId } from '../../src/store/cap-sql.js';
import { takenTotals } from '../../src/store/cap-tally.js';
import type { LockedCounter } from '../../src/store/postgres/cap-quotas.js';
import { decideUnderLock, settlements } from '../../src/store/postgres/quota-decision.js';
import { QuotaMemory } from '../../src/store/postgres/quota-memory.js';
import { sampleCapRule } from './samples.js';

/** The one counter a conversion paying `payout` joins under a rule of `limit`. */
function touchOf(limit: number, type: 'conversions' | 'budget' = 'conversions', payout = 1) {
  const settings = capSettings({ caps: [sampleCapRule({ value: limit, type })] });
  const subject = {
    offer_id: 1,
    affiliate_id: 7,
    goal: '1',
    created_at: Date.UTC(2026, 11, 6),
    payout,
    currency: 'USD',
  };
  const [touch] = capTouches(settings, 'USD', subject);
  return touch;
}

const lockedAs = (touch: ReturnType<typeof touchOf>, counter: LockedCounter) => new Map([[counterId(touch), counter]]);

test('quota decision: takes that fit beside the others quota leave it alone', () => {
  const touch = touchOf(10);
  const locked = lockedAs(touch, { total: 3, reservedByOthers: 4 });
  const decision = decideUnderLock(locked, [[touch], [touch], [touch]]);
  assert.deepEqual(decision, { values: new Map([[counterId(touch), 7]]), revoke: false });
  const [settled] = settlements(locked, decision, [touch], [[touch], [touch], [touch]], 5);
  // 10 - 6 counted - 4 held by others = 0 left: nothing to grant.
  assert.deepEqual({ taken: settled.taken, grant: settled.grant }, { taken: 3, grant: 0 });
});

test('quota decision: a take the others quota would decline takes it back and decides on the total', () => {
  const touch = touchOf(10);
  const locked = lockedAs(touch, { total: 3, reservedByOthers: 6 });
  const decision = decideUnderLock(locked, [[touch], [touch]]);
  assert.deepEqual(decision, { values: new Map([[counterId(touch), 3]]), revoke: true });
  const [settled] = settlements(locked, decision, [touch], [[touch], [touch]], 5);
  // 10 - 5 counted = 5 left, the others' quota taken back: half is granted.
  assert.deepEqual({ taken: settled.taken, grant: settled.grant }, { taken: 2, grant: 2 });
});

test('quota decision: a budget payout passing the limit beside the others quota takes it back', () => {
  const touch = touchOf(10_000, 'budget', 3000);
  const locked = lockedAs(touch, { total: 4000, reservedByOthers: 4000 });
  // 8000 + 3000 passes 10,000 beside the others' quota; on the total (7000) it does not.
  assert.equal(decideUnderLock(locked, [[touch]]).revoke, true);
  assert.equal(decideUnderLock(lockedAs(touch, { total: 4000, reservedByOthers: 3000 }), [[touch]]).revoke, false);
});

test('quota decision: the shared row is granted nothing, and a counter past its limit grants nothing', () => {
  const touch = touchOf(10);
  const locked = lockedAs(touch, { total: 2, reservedByOthers: 0 });
  const decision = decideUnderLock(locked, [[touch]]);
  assert.equal(settlements(locked, decision, [touch], [[touch]], 0)[0].grant, 0);
  assert.equal(settlements(locked, decision, [touch], [[touch]], 9)[0].grant, 3);
  const over = lockedAs(touch, { total: 12, reservedByOthers: 0 });
  assert.equal(settlements(over, decideUnderLock(over, []), [touch], [], 9)[0].grant, 0);
});

test('quota memory: a batch known not to fit goes the long way; unknown rows and enough room are tried', () => {
  const touch = touchOf(10);
  const memory = new QuotaMemory();
  assert.equal(memory.mayFit(5, takenTotals([[touch], [touch]])), true, 'nothing known: tried');
  memory.settled(5, [{ touch, taken: 1, grant: 3 }]);
  assert.equal(memory.mayFit(5, takenTotals([[touch], [touch], [touch]])), true);
  assert.equal(memory.mayFit(5, takenTotals([[touch], [touch], [touch], [touch]])), false);
  assert.equal(memory.mayFit(6, takenTotals([[touch], [touch], [touch], [touch]])), true, 'another row: not known');
  memory.took(5, takenTotals([[touch], [touch]]));
  assert.equal(memory.mayFit(5, takenTotals([[touch]])), true);
  assert.equal(memory.mayFit(5, takenTotals([[touch], [touch]])), false);
  assert.equal(memory.mayFit(5, takenTotals([[]])), true, 'a conversion that takes nothing always fits');
});

test('quota memory: a last take of nothing still needs room left before it', () => {
  const paid = touchOf(10_000, 'budget', 2000);
  const unpaid = touchOf(10_000, 'budget', 0);
  const memory = new QuotaMemory();
  memory.settled(5, [{ touch: paid, taken: 0, grant: 2000 }]);
  assert.equal(memory.mayFit(5, takenTotals([[paid]])), true);
  assert.equal(memory.mayFit(5, takenTotals([[paid], [unpaid]])), false);
});
