/**
 * Conversion and budget caps when many postbacks arrive at once (on PostgreSQL they share one
 * group-committed transaction): each answer equals what taking them one after another gives,
 * as SQLite's single writer does; a conversion whose identity is taken holds no unit; and the
 * cap counter and the report counters (capped_* included) agree with the stored records.
 */
import assert from 'node:assert/strict';
import { planCaps } from '../../src/domain/cap-plan.js';
import { type CapSettings, capSettings } from '../../src/domain/caps.js';
import type { RecordOutcome } from '../../src/domain/commands.js';
import type { Conversion } from '../../src/domain/entities.js';
import { STATUS, type StatusCode } from '../../src/domain/status.js';
import type { Store } from '../../src/store/store.js';
import { directSql } from '../helpers/direct-sql.js';
import { rule } from './cap-fixtures.js';
import { type RecordOptions, makeClick, makeRecord, storeTest } from './fixtures.js';

const CAPPED_OFFER = 1;

/** Caps for CAPPED_OFFER only; any other offer has none. */
function useCaps(store: Store, settings: Partial<CapSettings>): CapSettings {
  const full = capSettings(settings);
  store.setCapPlanner((c) => (c.offer_id === CAPPED_OFFER ? planCaps(full, 'USD', c) : null));
  return full;
}

/** A postback; its identity is its offer, goal and action id (a repeated action id repeats it). */
interface Postback {
  action: string;
  status?: StatusCode;
  offer?: number;
}

function commandOf(at: number, { action, status, offer = CAPPED_OFFER }: Postback) {
  const options: RecordOptions = {
    click: makeClick({ created_at: at - 1000, offer_id: offer }),
    now: at,
    action_id: action,
    status,
  };
  return makeRecord(options);
}

/** Sends the postbacks at once (one batch on PostgreSQL), answers in order. */
async function sendAtOnce(store: Store, at: number, postbacks: Postback[]) {
  const commands = postbacks.map((postback) => commandOf(at, postback));
  const recorded = await Promise.all(commands.map((command) => store.conversions.record(command)));
  return { commands, recorded };
}

/** `counted`, `declined by cap`, `pending`, … for each outcome: what a reader of the answer sees. */
function summary(outcome: RecordOutcome): string {
  if (outcome.kind !== 'created') return outcome.kind;
  if (outcome.conversion.decline_reason === 'cap_reached') return 'declined by cap';
  return { 1: 'approved', 2: 'pending', 3: 'declined', 5: 'hold' }[outcome.conversion.status];
}

const RANGE = { from: Date.now() - 2 * 86_400_000, to: Date.now() + 2 * 86_400_000 };

async function storedOf(store: Store, offerId = CAPPED_OFFER): Promise<Conversion[]> {
  return (await store.conversions.list({ ...RANGE, offer: [offerId] }, { page: 1, limit: 1000 })).rows;
}

/** The offer's report counters summed over every counter row, from the database itself. */
async function reportCounters(url: string, offerId: number): Promise<Record<string, number>> {
  const sql = `SELECT SUM(a_count) AS a_count, SUM(p_count) AS p_count, SUM(d_count) AS d_count,
      SUM(d_pay) AS d_pay, SUM(capped_count) AS capped_count, SUM(capped_pay) AS capped_pay
    FROM stat_conversions WHERE offer_id = ${Number(offerId)}`;
  const row = (await directSql(url, [sql])) ?? {};
  return Object.fromEntries(Object.entries(row).map(([name, value]) => [name, Number(value ?? 0)]));
}

/** What the report counters must hold for these records (counter-deltas.ts conversionColumns). */
function expectedCounters(records: Conversion[]): Record<string, number> {
  const byCap = records.filter((c) => c.decline_reason === 'cap_reached');
  const declined = records.filter((c) => c.status === STATUS.declined);
  return {
    a_count: records.filter((c) => c.status === STATUS.approved).length,
    p_count: records.filter((c) => c.status === STATUS.pending).length,
    d_count: declined.length,
    d_pay: declined.reduce((sum, c) => sum + c.payout, 0),
    capped_count: byCap.length,
    capped_pay: byCap.reduce((sum, c) => sum + c.payout, 0),
  };
}

/** The cap counter's value, and what the stored records it counts add up to. */
async function counterAndRecords(store: Store, settings: CapSettings, at: number) {
  const records = await storedOf(store);
  const plan = planCaps(settings, 'USD', {
    offer_id: CAPPED_OFFER,
    affiliate_id: 7,
    goal: '1',
    created_at: at,
    payout: 15_000,
    currency: 'USD',
  });
  assert.ok(plan);
  const [value] = await store.caps.values(plan.touches);
  const budget = settings.caps[0].type === 'budget';
  const counted = records.filter((c) => plan.counts(c.status, c.decline_reason ?? null));
  return { value, fromRecords: budget ? counted.reduce((sum, c) => sum + c.payout, 0) : counted.length };
}

storeTest('caps batch: counted and uncounted statuses, and an uncapped offer, at once', async (t) => {
  const settings = useCaps(t.store, { caps_status: [STATUS.approved], caps: [rule({ value: 2 })] });
  const now = Date.now();
  const { recorded } = await sendAtOnce(t.store, now, [
    { action: 'a1' },
    { action: 'p1', status: STATUS.pending },
    { action: 'other-1', offer: 2 },
    { action: 'a2' },
    { action: 'd1', status: STATUS.declined },
    { action: 'a3' },
    { action: 'p2', status: STATUS.pending },
    { action: 'other-2', offer: 2 },
    { action: 'a4' },
  ]);
  assert.deepEqual(
    recorded.map(({ outcome }) => summary(outcome)),
    [
      'approved',
      'pending',
      'approved',
      'approved',
      'declined',
      'declined by cap',
      'pending',
      'approved',
      'declined by cap',
    ],
  );
  // Each answer is the conversion as stored, with the jobs written for it (one per event).
  for (const { outcome, queued } of recorded) {
    assert.ok(outcome.kind === 'created');
    assert.deepEqual(await t.store.conversions.get(outcome.conversion.id), outcome.conversion);
    assert.equal(queued.length, 1);
    assert.equal(queued[0].job.status, outcome.conversion.status);
  }
  const { value, fromRecords } = await counterAndRecords(t.store, settings, now);
  assert.equal(value, 2);
  assert.equal(fromRecords, 2);
});

storeTest('caps batch: a budget crossed inside one batch lets the crossing conversion through', async (t) => {
  // makeRecord pays 1.5: under a budget of 4, the first three count (the third crosses it).
  const settings = useCaps(t.store, { caps: [rule({ type: 'budget', value: 40_000 })] });
  const now = Date.now();
  const { recorded } = await sendAtOnce(
    t.store,
    now,
    ['1', '2', '3', '4', '5'].map((action) => ({ action })),
  );
  assert.deepEqual(
    recorded.map(({ outcome }) => summary(outcome)),
    ['approved', 'approved', 'approved', 'declined by cap', 'declined by cap'],
  );
  assert.deepEqual(await counterAndRecords(t.store, settings, now), { value: 45_000, fromRecords: 45_000 });
});

storeTest('caps batch: a repeated identity keeps no unit', async (t) => {
  const settings = useCaps(t.store, { caps: [rule({ value: 10 })] });
  const now = Date.now();
  await sendAtOnce(t.store, now, [{ action: 'stored' }]);
  // Each repeat (of the batch's own 'x', of the stored conversion) takes a unit, finds its
  // identity taken and gives the unit back.
  const { recorded } = await sendAtOnce(t.store, now, [
    { action: 'x' },
    { action: 'x' },
    { action: 'stored' },
    { action: 'y' },
  ]);
  assert.deepEqual(
    recorded.map(({ outcome }) => summary(outcome)),
    ['approved', 'exists', 'exists', 'approved'],
  );
  const records = await storedOf(t.store);
  assert.equal(records.length, 3);
  assert.deepEqual(await counterAndRecords(t.store, settings, now), { value: 3, fromRecords: 3 });
  assert.deepEqual(await reportCounters(t.url, CAPPED_OFFER), expectedCounters(records));
});

storeTest('caps batch: a repeated identity gives its unit back to the conversions after it', async (t) => {
  const settings = useCaps(t.store, { caps: [rule({ value: 4 })] });
  const now = Date.now();
  await sendAtOnce(t.store, now, [{ action: 'stored' }]);
  // Taken one after another: the repeats' units come back before 'new-1' and 'new-2' ask, so
  // both count and only 'new-3' is declined.
  const { recorded } = await sendAtOnce(t.store, now, [
    { action: 'x' },
    { action: 'x' },
    { action: 'stored' },
    { action: 'new-1' },
    { action: 'new-2' },
    { action: 'new-3' },
  ]);
  assert.deepEqual(
    recorded.map(({ outcome }) => summary(outcome)),
    ['approved', 'exists', 'exists', 'approved', 'approved', 'declined by cap'],
  );
  const records = await storedOf(t.store);
  assert.equal(records.length, 5);
  assert.deepEqual(await counterAndRecords(t.store, settings, now), { value: 4, fromRecords: 4 });
  assert.deepEqual(await reportCounters(t.url, CAPPED_OFFER), expectedCounters(records));
});

storeTest('caps batch: declined-by-cap conversions fill the capped_* report counters', async (t) => {
  useCaps(t.store, { caps: [rule({ value: 1 })] });
  const now = Date.now();
  const { recorded } = await sendAtOnce(t.store, now, [
    { action: 'one' },
    { action: 'two' },
    { action: 'three', status: STATUS.declined },
    { action: 'four', status: STATUS.hold },
    { action: 'uncapped', offer: 2, status: STATUS.declined },
  ]);
  assert.deepEqual(
    recorded.map(({ outcome }) => summary(outcome)),
    ['approved', 'declined by cap', 'declined', 'declined by cap', 'declined'],
  );
  // Two declined by the cap (1.5 each) of three declined.
  assert.deepEqual(await reportCounters(t.url, CAPPED_OFFER), {
    a_count: 1,
    p_count: 0,
    d_count: 3,
    d_pay: 45_000,
    capped_count: 2,
    capped_pay: 30_000,
  });
  assert.deepEqual(await reportCounters(t.url, CAPPED_OFFER), expectedCounters(await storedOf(t.store)));
  assert.deepEqual(await reportCounters(t.url, 2), expectedCounters(await storedOf(t.store, 2)));
});

storeTest('caps batch: two processes sending at once to a counter that exists count exactly to the cap', async (t) => {
  // The first conversion makes the counter, so the race below is decided by its row lock alone.
  const other = await t.another();
  const settings = useCaps(t.store, { caps: [rule({ value: 10 })] });
  useCaps(other, { caps: [rule({ value: 10 })] });
  const now = Date.now();
  await sendAtOnce(t.store, now, [{ action: 'first' }]);
  const sent = Array.from({ length: 100 }, (_, i) => ({ action: `race-${i}` }));
  const answers = await Promise.all([
    sendAtOnce(t.store, now, sent.slice(0, 50)),
    sendAtOnce(other, now, sent.slice(50)),
  ]);
  const outcomes = answers.flatMap(({ recorded }) => recorded.map(({ outcome }) => summary(outcome)));
  assert.equal(outcomes.filter((outcome) => outcome === 'approved').length, 9);
  assert.equal(outcomes.filter((outcome) => outcome === 'declined by cap').length, 91);
  assert.deepEqual(await counterAndRecords(t.store, settings, now), { value: 10, fromRecords: 10 });
  assert.deepEqual(await reportCounters(t.url, CAPPED_OFFER), expectedCounters(await storedOf(t.store)));
});

storeTest('caps batch: a cap counter row removed after it was made is made again from the records', async (t) => {
  // PostgreSQL remembers which counters a process has made and skips making them again; a row
  // gone all the same (removed by hand) must not let a batch past the cap.
  const settings = useCaps(t.store, { caps: [rule({ value: 3 })] });
  const now = Date.now();
  await sendAtOnce(t.store, now, [{ action: 'one' }, { action: 'two' }]);
  await directSql(t.url, [`DELETE FROM cap_counters WHERE offer_id = ${CAPPED_OFFER}`]);
  const { recorded } = await sendAtOnce(t.store, now, [{ action: 'three' }, { action: 'four' }]);
  assert.deepEqual(
    recorded.map(({ outcome }) => summary(outcome)),
    ['approved', 'declined by cap'],
  );
  assert.deepEqual(await counterAndRecords(t.store, settings, now), { value: 3, fromRecords: 3 });
});
