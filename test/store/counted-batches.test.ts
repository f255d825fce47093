/**
 * Counted batches on PostgreSQL go one per process at a time (src/store/postgres/writer.ts,
 * COUNTED_IN_FLIGHT): clicks and conversions arriving while a counted batch is on its way wait
 * for it and leave together in the next one. Each batch writes its counter rows in its slot's
 * shard, so the counters of both waves land in one shard row, and count every record.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { dropPostgresSchema, freshPostgresUrl } from '../helpers/backends.js';
import { counted, record } from './cap-fixtures.js';
import { makeClick } from './fixtures.js';

const BASE = process.env.TEST_DATABASE_URL;
const WAVE = 10;
const skip = BASE ? undefined : 'TEST_DATABASE_URL is not set: counter shards are PostgreSQL only';

/**
 * Waits until a session waits for the lock `admin` holds on this schema's `table` (a statement
 * already waits while it is parsed, so its query text cannot tell).
 */
async function untilBlocked(admin: pg.Client, schema: string, table: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await admin.query(
      `SELECT 1 FROM pg_locks WHERE relation = '${schema}.${table}'::regclass AND NOT granted`,
    );
    if (rows.length > 0) return;
    await sleep(20);
  }
  throw new Error(`no batch came to wait on the locked ${table}`);
}

/**
 * A store on a schema of its own; runs `waves`: the first wave's batch is held on its way by a
 * lock on `table`, and the second arrives meanwhile. Answers the shard rows of `table` after.
 */
async function twoWaves(
  t: { after(fn: () => Promise<void>): void },
  table: string,
  wave: (store: Store, name: string) => Promise<unknown>[],
): Promise<{ rows: Record<string, unknown>[]; outcomes: unknown[] }> {
  const url = freshPostgresUrl(BASE as string);
  const store = await openStore({ databaseUrl: url, writeBatchMs: 1 });
  store.setFanOut(() => []);
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  t.after(async () => {
    await admin.end();
    await store.close();
    await dropPostgresSchema(url);
  });
  const schema = new URL(url).searchParams.get('schema') as string;

  await admin.query('BEGIN');
  await admin.query(`LOCK TABLE ${schema}.${table} IN EXCLUSIVE MODE`);
  const first = wave(store, 'first');
  await untilBlocked(admin, schema, table);
  const second = wave(store, 'second');
  // Time enough for a batch writer with a free slot to send the second wave on its own.
  await sleep(200);
  await admin.query('COMMIT');
  const outcomes = await Promise.all([...first, ...second]);
  const { rows } = await admin.query(`SELECT * FROM ${schema}.${table} ORDER BY shard`);
  return { rows, outcomes };
}

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
  assert.equal(outcomes.filter((outcome) => counted(outcome as Parameters<typeof counted>[0])).length, 2 * WAVE);
  assert.equal(rows.length, 1, `conversion counter rows: ${JSON.stringify(rows)}`);
  assert.equal(
    rows.reduce((sum, row) => sum + Number(row.a_count) + Number(row.p_count), 0),
    2 * WAVE,
  );
});
