/**
 * Conversion and budget caps in the store: exact under concurrency, also across two stores on
 * one PostgreSQL database (as two processes), a budget passed by at most the last payout; windows at hour, day and month boundaries in a
 * non-UTC zone (the conversion's own time is the clock); declining a counted conversion frees
 * its unit.
 */
import assert from 'node:assert/strict';
import type { CapRule } from '../../src/domain/caps.js';
import { STATUS } from '../../src/domain/status.js';
import { declinedByCap, record, rule, useCaps } from './cap-fixtures.js';
import { storeTest } from './fixtures.js';

storeTest('caps: 200 postbacks in parallel from two processes against a cap of 10 count exactly 10', async (t) => {
  const other = await t.another();
  for (const store of [t.store, other]) useCaps(store, { caps: [rule({ value: 10 })] });
  const now = Date.now();
  const outcomes = await Promise.all(
    Array.from({ length: 200 }, (_, i) => record(i % 2 === 0 ? t.store : other, now, `race-${i}`)),
  );
  assert.equal(outcomes.filter((o) => o.kind === 'created').length, 200);
  const counted = outcomes.filter((o) => o.kind === 'created' && !o.conversion.decline_reason);
  assert.equal(counted.length, 10);
  const declined = outcomes.filter(declinedByCap);
  assert.equal(declined.length, 190);
  for (const o of declined) {
    assert.ok(o.kind === 'created');
    assert.equal(o.conversion.status, STATUS.declined);
    assert.equal(o.conversion.comment, 'Cap is reached');
    const stored = await t.store.conversions.get(o.conversion.id);
    assert.equal(stored?.decline_reason, 'cap_reached');
  }
});

storeTest('caps: a budget raced by two processes passes its value by no more than the last payout', async (t) => {
  // makeRecord pays 1.5: under a budget of 14, nine count (13.5), the tenth crosses it (15), no more.
  const other = await t.another();
  for (const store of [t.store, other]) useCaps(store, { caps: [rule({ type: 'budget', value: 140_000 })] });
  const now = Date.now();
  const outcomes = await Promise.all(
    Array.from({ length: 100 }, (_, i) => record(i % 2 === 0 ? t.store : other, now, `budget-${i}`)),
  );
  assert.equal(outcomes.filter((o) => o.kind === 'created' && !o.conversion.decline_reason).length, 10);
  assert.equal(outcomes.filter(declinedByCap).length, 90);
});

storeTest('caps: declining a counted conversion frees its unit; cap-declined ones never count', async (t) => {
  useCaps(t.store, { caps: [rule({ value: 2 })] });
  const now = Date.now();
  const first = await record(t.store, now, 'a');
  const second = await record(t.store, now, 'b');
  assert.ok(declinedByCap(await record(t.store, now, 'c')));
  assert.ok(first.kind === 'created');
  await t.store.conversions.setStatus({ id: first.conversion.id, status: STATUS.declined, integration: 'admin' });
  const fourth = await record(t.store, now, 'd');
  assert.ok(fourth.kind === 'created' && !fourth.conversion.decline_reason, 'the freed unit is taken');
  assert.ok(declinedByCap(await record(t.store, now, 'e')));
  assert.ok(second.kind === 'created');
});

storeTest('caps: hour, day and month windows turn at the boundaries of the caps time zone', async (t) => {
  // Asia/Kolkata is UTC+5:30: its day turns at 18:30 UTC, its hour at :30.
  const zone = 'Asia/Kolkata';
  const cases: { period: CapRule['period']; before: number; after: number }[] = [
    { period: 'hour', before: Date.UTC(2026, 10, 20, 9, 29, 59), after: Date.UTC(2026, 10, 20, 9, 30) },
    { period: 'day', before: Date.UTC(2026, 10, 20, 18, 29, 59), after: Date.UTC(2026, 10, 20, 18, 30) },
    { period: 'month', before: Date.UTC(2026, 10, 30, 18, 29, 59), after: Date.UTC(2026, 10, 30, 18, 30) },
  ];
  // One offer per case: a rule counts every stored conversion of its offer in the window.
  for (const [index, c] of cases.entries()) {
    const offer = index + 1;
    useCaps(t.store, { caps_timezone: zone, caps: [rule({ period: c.period, value: 1 })] });
    const first = await record(t.store, c.before, `${c.period}-1`, offer);
    assert.ok(first.kind === 'created' && !first.conversion.decline_reason, `${c.period}: first counts`);
    assert.ok(
      declinedByCap(await record(t.store, c.before - 1000, `${c.period}-2`, offer)),
      `${c.period}: same window`,
    );
    const next = await record(t.store, c.after, `${c.period}-3`, offer);
    assert.ok(next.kind === 'created' && !next.conversion.decline_reason, `${c.period}: the next window starts at 0`);
  }
});

storeTest(
  'caps: a budget cap counts payouts in the offer currency and lets the crossing conversion through',
  async (t) => {
    // makeRecord pays 1.5 per conversion: under a budget of 4 the third crosses it, the fourth is declined.
    useCaps(t.store, { caps: [rule({ type: 'budget', value: 40_000 })] });
    const now = Date.now();
    const outcomes = [];
    for (const id of ['1', '2', '3', '4']) outcomes.push(await record(t.store, now, id));
    assert.deepEqual(
      outcomes.map((o) => declinedByCap(o)),
      [false, false, false, true],
    );
  },
);
