/**
 * Capped creation batches on PostgreSQL go one per process at a time
 * (src/store/postgres/conversion-create-capped.ts): postbacks of a capped offer arriving while
 * a batch is on its way wait for it and leave together in the next one, so the process takes
 * its units through one quota row per counter, and the counter counts every conversion.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counted, type Outcome, record, rule, useCaps } from './cap-fixtures.js';
import { twoWaves } from './held-batch.js';

const BASE = process.env.TEST_DATABASE_URL;
const WAVE = 10;

test('capped batches: postbacks arriving while a batch is on its way share one quota row', {
  skip: BASE ? undefined : 'TEST_DATABASE_URL is not set: quota rows are PostgreSQL only',
}, async (t) => {
  const now = Date.now();
  const { rows, outcomes } = await twoWaves(
    t,
    'cap_counters',
    (store, name) => Array.from({ length: WAVE }, (_, i) => record(store, now, `${name}-${i}`)),
    (store) => useCaps(store, { caps: [rule({ value: 1_000_000 })] }),
  );
  assert.equal((outcomes as Outcome[]).filter(counted).length, 2 * WAVE);
  const quotaRows = rows.filter((row) => row.shard !== 0);
  assert.equal(quotaRows.length, 1, `cap counter rows: ${JSON.stringify(rows)}`);
  assert.equal(
    rows.reduce((sum, row) => sum + Number(row.value), 0),
    2 * WAVE,
  );
});
