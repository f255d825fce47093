/**
 * Counted batches on PostgreSQL go one per process at a time (src/store/postgres/writer.ts,
 * COUNTED_IN_FLIGHT): clicks and conversions arriving while a counted batch is on its way wait
 * for it and leave together in the next one. Each batch writes its counter rows in its slot's
 * shard, so the counters of both waves land in one shard row, and count every record.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counted, type Outcome, record } from './cap-fixtures.js';
import { makeClick } from './fixtures.js';
import { twoWaves } from './held-batch.js';

const BASE = process.env.TEST_DATABASE_URL;
const WAVE = 10;
const skip = BASE ? undefined : 'TEST_DATABASE_URL is not set: counter shards are PostgreSQL only';

test('counted batches: clicks arriving while a batch is on its way share one counter shard', { skip }, async (t) => {
  const now = Date.now();
  const { rows } = await twoWaves(t, 'stat_clicks', (store) =>
    Array.from({ length: WAVE }, () =>
      store.clicks.insert(makeClick({ created_at: now }), { advertiser_id: 100, currency: 'USD' }),
    ),
  );
  assert.equal(rows.length, 1, `click counter rows: ${JSON.stringify(rows)}`);
  assert.equal(Number(rows[0].raw), 2 * WAVE);
});

test('counted batches: conversions arriving while a batch is on its way share one counter shard', {
  skip,
}, async (t) => {
  const now = Date.now();
  const { rows, outcomes } = await twoWaves(t, 'stat_conversions', (store, name) =>
    Array.from({ length: WAVE }, (_, i) => record(store, now, `${name}-${i}`)),
  );
  assert.equal((outcomes as Outcome[]).filter(counted).length, 2 * WAVE);
  assert.equal(rows.length, 1, `conversion counter rows: ${JSON.stringify(rows)}`);
  assert.equal(
    rows.reduce((sum, row) => sum + Number(row.a_count) + Number(row.p_count), 0),
    2 * WAVE,
  );
});
