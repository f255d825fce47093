/**
 * Caps stay exact whatever quota the writers of other processes hold (on PostgreSQL each
 * process takes units through quota rows of its own; SQLite has one writer and must give the
 * same answers): a process that stops with quota unused, a counter raised by status changes,
 * and a limit lowered while quota is held.
 */
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import type { Store } from '../../src/store/store.js';
import { counted, declinedByCap, type Outcome, record, rule, useCaps } from './cap-fixtures.js';
import type { TestStore } from '../helpers/backends.js';
import { storeTest } from './fixtures.js';

/** Records one after another, alternating between the stores. */
async function recordInTurn(stores: Store[], at: number, prefix: string, n: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < n; i++) outcomes.push(await record(stores[i % stores.length], at, `${prefix}-${i}`));
  return outcomes;
}

/** This store and another process's, both with a daily conversions cap of `value`. */
async function twoProcesses(t: TestStore, value: number): Promise<[Store, Store]> {
  const other = await t.another();
  for (const store of [t.store, other]) useCaps(store, { caps: [rule({ value })] });
  return [t.store, other];
}

function idOf(outcome: Outcome): string {
  assert.ok(outcome.kind === 'created');
  return outcome.conversion.id;
}

storeTest('cap quotas: a process that stops with quota unused does not hold units from the others', async (t) => {
  const [, stopping] = await twoProcesses(t, 10);
  const now = Date.now();
  assert.ok(counted(await record(stopping, now, 'before-stop')));
  await stopping.close();
  const after = await recordInTurn([t.store], now, 'after-stop', 12);
  assert.equal(after.filter(counted).length, 9);
  assert.equal(after.filter(declinedByCap).length, 3);
});

storeTest('cap quotas: conversions approved again count at once for every process', async (t) => {
  const [, other] = await twoProcesses(t, 10);
  const now = Date.now();
  const first = await recordInTurn([t.store], now, 'first', 6);
  assert.equal(first.filter(counted).length, 6);
  for (const outcome of first) {
    await t.store.conversions.setStatus({ id: idOf(outcome), status: STATUS.declined, integration: 'admin' });
  }
  assert.ok(counted(await record(other, now, 'between')));
  for (const outcome of first) {
    await t.store.conversions.setStatus({ id: idOf(outcome), status: STATUS.approved, integration: 'admin' });
  }
  // 6 approved again and 1 between: 3 of the 10 are left, whichever process asks.
  const last = await recordInTurn([t.store, other], now, 'last', 6);
  assert.equal(last.filter(counted).length, 3);
  assert.equal(last.filter(declinedByCap).length, 3);
});

storeTest('cap quotas: a lowered limit holds at once, whatever quota was granted under the old one', async (t) => {
  const [, other] = await twoProcesses(t, 10);
  const now = Date.now();
  const before = await recordInTurn([t.store, other], now, 'before', 2);
  assert.equal(before.filter(counted).length, 2);
  for (const store of [t.store, other]) useCaps(store, { caps: [rule({ value: 3 })] });
  const after = await recordInTurn([t.store, other], now, 'after', 6);
  assert.deepEqual(after.map(counted), [true, false, false, false, false, false]);
});

storeTest('cap quotas: no unit is given twice, to the process holding it and to another', async (t) => {
  const [, other] = await twoProcesses(t, 10);
  const now = Date.now();
  assert.ok(counted(await record(t.store, now, 'first')));
  const fromOther = await recordInTurn([other], now, 'other', 7);
  assert.equal(fromOther.filter(counted).length, 7);
  const fromFirst = await recordInTurn([t.store], now, 'again', 4);
  assert.deepEqual(fromFirst.map(counted), [true, true, false, false]);
});

storeTest('cap quotas: a budget reached by a status change declines a conversion paying nothing', async (t) => {
  // A conversion takes while the budget is below its value, whatever it pays. The process last
  // left room on its quota row; a status change reaching the budget takes that room back, and
  // the row itself must then refuse even a take of nothing.
  useCaps(t.store, { caps: [rule({ type: 'budget', value: 30_000 })] });
  const now = Date.now();
  const first = await record(t.store, now, 'first');
  assert.ok(counted(first));
  await t.store.conversions.setStatus({ id: idOf(first), status: STATUS.declined, integration: 'admin' });
  assert.ok(counted(await record(t.store, now, 'second')));
  await t.store.conversions.setStatus({ id: idOf(first), status: STATUS.approved, integration: 'admin' });
  // 15,000 + 15,000: the budget is reached.
  assert.ok(declinedByCap(await record(t.store, now, 'unpaid', 1, 0)));
});
