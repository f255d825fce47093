/**
 * Store contract: uniqueness under concurrency. Many postbacks for one identity at once, from
 * one store and from two (as two processes would), give one conversion; the rest 'exists'.
 */
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import type { Store } from '../../src/store/store.js';
import { makeClick, makeRecord, outcomeOf, storeTest } from './fixtures.js';

const RANGE = { from: Date.now() - 86_400_000, to: Date.now() + 86_400_000 };

async function countOf(store: Store, clickid: string): Promise<{ conversions: number; log: number; jobs: number }> {
  const conversions = await store.conversions.list({ ...RANGE, clickid }, { page: 1, limit: 1 });
  const log = await store.postbackLog.list({ ...RANGE, click_id: clickid }, { page: 1, limit: 1 });
  const jobs = await store.outbound.list({ ...RANGE, kinds: ['postback'] }, { page: 1, limit: 1 });
  return { conversions: conversions.total, log: log.total, jobs: jobs.total };
}

storeTest('races: 50 identical postbacks at once give one conversion and 49 "exists"', async ({ store }) => {
  const click = makeClick();
  const records = Array.from({ length: 50 }, () => makeRecord({ click, action_id: 'same' }));
  const outcomes = await Promise.all(records.map((record) => outcomeOf(store, record)));
  const created = outcomes.filter((outcome) => outcome.kind === 'created');
  assert.equal(created.length, 1);
  assert.equal(outcomes.filter((outcome) => outcome.kind === 'exists').length, 49);
  const id = created[0].kind === 'created' ? created[0].conversion.id : '';
  assert.ok(
    outcomes.every(
      (outcome) =>
        (outcome.kind === 'created' ? outcome.conversion.id : outcome.kind === 'exists' && outcome.conversion_id) ===
        id,
    ),
  );
  assert.deepEqual(await countOf(store, click.clickid), { conversions: 1, log: 50, jobs: 1 });
});

storeTest('races: two processes racing for one identity give one conversion', async ({ store, another }) => {
  const other = await another();
  const click = makeClick();
  const records = Array.from({ length: 40 }, (_, i) => ({ on: i % 2 ? store : other, record: makeRecord({ click }) }));
  const outcomes = await Promise.all(records.map(({ on, record }) => outcomeOf(on, record)));
  assert.equal(outcomes.filter((outcome) => outcome.kind === 'created').length, 1);
  assert.equal(outcomes.filter((outcome) => outcome.kind === 'exists').length, 39);
  assert.deepEqual(await countOf(other, click.clickid), { conversions: 1, log: 40, jobs: 1 });
});

storeTest('races: mode no holds under concurrency across action ids', async ({ store, another }) => {
  const other = await another();
  const click = makeClick();
  const outcomes = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      outcomeOf(i % 2 ? store : other, makeRecord({ click, action_id: `order-${i}`, multiple: 'no' })),
    ),
  );
  assert.equal(outcomes.filter((outcome) => outcome.kind === 'created').length, 1);
  assert.equal((await countOf(store, click.clickid)).conversions, 1);
});

storeTest('races: concurrent status updates of one pending conversion apply once', async ({ store, another }) => {
  const other = await another();
  const click = makeClick();
  await store.conversions.record(makeRecord({ click, status: STATUS.pending }));
  const outcomes = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      outcomeOf(i % 2 ? store : other, makeRecord({ click, passed_status: STATUS.approved })),
    ),
  );
  assert.equal(outcomes.filter((outcome) => outcome.kind === 'updated').length, 1);
  assert.equal(outcomes.filter((outcome) => outcome.kind === 'exists').length, 19);
  // One job for the creation, one for the single change.
  assert.deepEqual(await countOf(store, click.clickid), { conversions: 1, log: 21, jobs: 2 });
});

storeTest('races: many different conversions at once are all created', async ({ store }) => {
  const outcomes = await Promise.all(Array.from({ length: 100 }, () => outcomeOf(store, makeRecord())));
  assert.ok(outcomes.every((outcome) => outcome.kind === 'created'));
  const listed = await store.conversions.list(RANGE, { page: 1, limit: 1 });
  assert.equal(listed.total, 100);
});

storeTest(
  'races: a record the database refuses fails alone; the others at the same time are written',
  async ({ store }) => {
    const good = Array.from({ length: 20 }, () => makeRecord());
    const bad = makeRecord();
    (bad.conversion as { currency: string | null }).currency = null; // violates NOT NULL
    const results = await Promise.allSettled([bad, ...good].map((record) => outcomeOf(store, record)));
    assert.equal(results[0].status, 'rejected');
    assert.ok(results.slice(1).every((result) => result.status === 'fulfilled' && result.value.kind === 'created'));
    assert.equal(await store.conversions.get(bad.conversion.id), null);
    assert.equal((await store.conversions.list(RANGE, { page: 1, limit: 1 })).total, 20);
  },
);
