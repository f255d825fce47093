/**
 * Clicks cap counters in the store: a stored click joins its counters in its own write; a
 * counter starts from the clicks stored before it (also those stored before the rule existed);
 * windows turn at the boundaries of the caps time zone; clicks stored by a second store on the
 * same database (another process) count too; conversions counters are read without writing;
 * several counters are read together, each its own value, and so are checks asked at once; on
 * SQLite a known counter is checked without reading the database.
 */
import assert from 'node:assert/strict';
import type { CapTouch } from '../../src/domain/cap-plan.js';
import { type CapRule, capSettings, type CapSettings } from '../../src/domain/caps.js';
import { anyReached, clickCaps } from '../../src/domain/click-caps.js';
import type { Store } from '../../src/store/store.js';
import { directSql } from '../helpers/direct-sql.js';
import { sampleCapRule } from '../unit/samples.js';
import { makeClick, makeRecord, storeTest } from './fixtures.js';

const rule = sampleCapRule;

/** The clicks counters a click of `affiliate` at `at` on `offer` joins. */
function joins(settings: CapSettings, affiliate: number, at: number, offer = 1): CapTouch[] {
  return clickCaps(settings, offer, 'USD', affiliate, at)?.joins ?? [];
}

/** Stores a click of `offer` at `at`, counted in its counters. */
async function storeClick(
  store: Store,
  settings: CapSettings,
  affiliate: number,
  at: number,
  offer = 1,
): Promise<void> {
  const click = makeClick({ created_at: at, affiliate_id: affiliate, offer_id: offer });
  await store.clicks.insert(click, { advertiser_id: 3, currency: 'USD', caps: joins(settings, affiliate, at, offer) });
}

storeTest('click caps: each stored click joins its counter; "each" splits by affiliate', async ({ store }) => {
  const settings = capSettings({ caps: [rule({ affiliate_type: 'each', value: 2 })] });
  const now = Date.now();
  assert.deepEqual(await store.caps.values(joins(settings, 7, now)), [0]);
  await storeClick(store, settings, 7, now);
  await storeClick(store, settings, 7, now);
  await storeClick(store, settings, 8, now);
  // Yesterday's click joins yesterday's counter, which today's rows leave out.
  await storeClick(store, settings, 8, now - 86_400_000);
  const seven = joins(settings, 7, now);
  assert.deepEqual(await store.caps.values(seven), [2]);
  assert.ok(anyReached(seven, await store.caps.values(seven)));
  const eight = joins(settings, 8, now);
  assert.deepEqual(await store.caps.values(eight), [1]);
  assert.equal(anyReached(eight, await store.caps.values(eight)), false);
  const rows = await store.caps.rows(1, seven[0].rule_key, seven[0].window_start);
  assert.deepEqual(rows.map((row) => [row.affiliate_id, row.value]).sort(), [
    [7, 2],
    [8, 1],
  ]);
});

storeTest('click caps: a counter starts from the clicks stored before the rule existed', async ({ store }) => {
  const now = Date.now();
  for (let i = 0; i < 4; i++)
    await store.clicks.insert(makeClick({ created_at: now }), { advertiser_id: 3, currency: 'USD' });
  const settings = capSettings({ caps: [rule({ value: 10 })] });
  assert.deepEqual(await store.caps.values(joins(settings, 7, now)), [4]);
  await storeClick(store, settings, 7, now);
  assert.deepEqual(await store.caps.values(joins(settings, 7, now)), [5]);
  // Another offer's clicks are not counted.
  await store.clicks.insert(makeClick({ created_at: now, offer_id: 2 }), { advertiser_id: 3, currency: 'USD' });
  assert.deepEqual(await store.caps.values(joins(settings, 7, now)), [5]);
});

storeTest('click caps: hour and day windows turn at the boundaries of the caps time zone', async ({ store }) => {
  // Asia/Kolkata is UTC+5:30: its hour turns at :30 UTC, its day at 18:30 UTC.
  const zone = 'Asia/Kolkata';
  const cases: { period: CapRule['period']; before: number; after: number }[] = [
    { period: 'hour', before: Date.UTC(2026, 10, 20, 9, 29, 59), after: Date.UTC(2026, 10, 20, 9, 30) },
    { period: 'day', before: Date.UTC(2026, 10, 20, 18, 29, 59), after: Date.UTC(2026, 10, 20, 18, 30) },
    { period: 'month', before: Date.UTC(2026, 10, 30, 18, 29, 59), after: Date.UTC(2026, 10, 30, 18, 30) },
  ];
  for (const [i, { period, before, after }] of cases.entries()) {
    // One offer per case, so each window holds only its own case's clicks.
    const offer = 10 + i;
    const settings = capSettings({ caps: [rule({ period })], caps_timezone: zone });
    await storeClick(store, settings, 7, before, offer);
    await storeClick(store, settings, 7, before, offer);
    await storeClick(store, settings, 7, after, offer);
    assert.deepEqual(await store.caps.values(joins(settings, 7, before, offer)), [2], period);
    assert.deepEqual(await store.caps.values(joins(settings, 7, after, offer)), [1], period);
  }
});

storeTest('click caps: clicks stored by another process count in the same counter', async (t) => {
  const other = await t.another();
  const settings = capSettings({ caps: [rule({ value: 100 })] });
  const now = Date.now();
  await Promise.all(Array.from({ length: 40 }, (_, i) => storeClick(i % 2 === 0 ? t.store : other, settings, 7, now)));
  // Each process made the counter before its first batch; what neither saw in flight may be
  // missed once, so the counter is exact once both have made it.
  await storeClick(t.store, settings, 7, now);
  await storeClick(other, settings, 7, now);
  const [value] = await t.store.caps.values(joins(settings, 7, now));
  assert.ok(value >= 40 && value <= 42, String(value));
});

storeTest('click caps: a conversions counter is read from the records without being made', async ({ store }) => {
  const settings = capSettings({
    caps: [rule({ type: 'conversions', value: 2 })],
    is_redirect_overcap: true,
  });
  const now = Date.now();
  const reads = clickCaps(settings, 1, 'USD', 7, now)?.reads ?? [];
  assert.equal(reads.length, 1);
  assert.deepEqual(await store.caps.values(reads), [0]);
  for (const id of ['a', 'b']) {
    await store.conversions.record(makeRecord({ click: makeClick({ created_at: now - 1000 }), now, action_id: id }));
  }
  assert.deepEqual(await store.caps.values(reads), [2]);
  assert.ok(anyReached(reads, [2]));
  assert.deepEqual(await store.caps.rows(1, reads[0].rule_key, reads[0].window_start), []);
});

storeTest('click caps: counters read together answer each its own value, in order', async ({ store }) => {
  const settings = capSettings({
    caps: [
      rule({ id: 1, type: 'conversions', value: 5 }),
      rule({ id: 2, affiliate_type: 'each', value: 5 }),
      rule({ id: 3, period: 'month', value: 5 }),
    ],
    is_redirect_overcap: true,
  });
  const now = Date.now();
  await storeClick(store, settings, 7, now);
  await storeClick(store, settings, 8, now);
  await storeClick(store, settings, 8, now);
  await store.conversions.record(makeRecord({ click: makeClick({ created_at: now - 1000 }), now, action_id: 'a' }));
  const caps = clickCaps(settings, 1, 'USD', 8, now);
  assert.ok(caps);
  // Affiliate 8's own clicks, all clicks of the month, then the conversions.
  assert.deepEqual(await store.caps.values([...caps.joins, ...caps.reads]), [2, 3, 1]);
  assert.deepEqual(await store.caps.values([...caps.reads, ...caps.joins]), [1, 2, 3]);
});

storeTest('click caps: checks asked at once (read in one statement) each get their own values', async ({ store }) => {
  const settings = capSettings({ caps: [rule({ id: 2, affiliate_type: 'each', value: 50 })] });
  const now = Date.now();
  for (const affiliate of [7, 8, 8, 9, 9, 9]) await storeClick(store, settings, affiliate, now);
  const touches = (affiliate: number) => joins(settings, affiliate, now);
  // Asked in one turn: the backend may answer them together, sharing a counter between asks.
  const answers = await Promise.all([
    store.caps.values(touches(9)),
    store.caps.values([...touches(7), ...touches(8)]),
    store.caps.values([]),
    store.caps.values([...touches(8), ...touches(9), ...touches(8)]),
    store.caps.values(touches(10)),
  ]);
  assert.deepEqual(answers, [[3], [1, 2], [], [2, 3, 2], [0]]);
});

storeTest(
  'click caps: a known counter is checked without reading the database',
  async ({ store, url }) => {
    // SQLite's writer is in the process, so the value its last write left is kept in memory.
    // Taking the counter tables away behind the store's back proves no read is made: the known
    // counter still answers, an unknown one fails because it must be read.
    const settings = capSettings({ caps: [rule({ affiliate_type: 'each', value: 3 })] });
    const now = Date.now();
    for (let i = 0; i < 3; i++) await storeClick(store, settings, 7, now);
    const moved = ['cap_counters', 'stat_clicks'];
    await directSql(
      url,
      moved.map((table) => `ALTER TABLE ${table} RENAME TO ${table}_away`),
    );
    try {
      assert.equal(await store.caps.reachedAtClick(joins(settings, 7, now)), true);
      assert.deepEqual(await store.caps.values(joins(settings, 7, now)), [3]);
      // Affiliate 8's counter was never written or read: checking it needs the tables.
      await assert.rejects(store.caps.reachedAtClick(joins(settings, 8, now)), /no such table/);
    } finally {
      await directSql(
        url,
        moved.map((table) => `ALTER TABLE ${table}_away RENAME TO ${table}`),
      );
    }
    assert.equal(await store.caps.reachedAtClick(joins(settings, 8, now)), false);
  },
  'sqlite',
);
