/**
 * Capped creation batches on PostgreSQL go one per process at a time
 * (src/store/postgres/conversion-create-capped.ts): postbacks of a capped offer arriving while
 * a batch is on its way wait for it and leave together in the next one, so the process takes
 * its units through one quota row per counter, and the counter counts every conversion.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import { dropPostgresSchema, freshPostgresUrl } from '../helpers/backends.js';
import { counted, record, rule, useCaps } from './cap-fixtures.js';

const BASE = process.env.TEST_DATABASE_URL;
const WAVE = 10;

/**
 * Waits until a session waits for the lock `admin` holds on this schema's cap counters (a
 * statement already waits while it is parsed, so its query text cannot tell).
 */
async function untilBlocked(admin: pg.Client, schema: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await admin.query(
      `SELECT 1 FROM pg_locks WHERE relation = '${schema}.cap_counters'::regclass AND NOT granted`,
    );
    if (rows.length > 0) return;
    await sleep(20);
  }
  throw new Error('no batch came to wait on the locked cap counters');
}

test('capped batches: postbacks arriving while a batch is on its way share one quota row', {
  skip: BASE ? undefined : 'TEST_DATABASE_URL is not set: quota rows are PostgreSQL only',
}, async (t) => {
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
  useCaps(store, { caps: [rule({ value: 1_000_000 })] });
  const schema = new URL(url).searchParams.get('schema');
  const now = Date.now();
  const wave = (name: string) => Array.from({ length: WAVE }, (_, i) => record(store, now, `${name}-${i}`));

  // The first batch is held on its way by a lock on the counters; a second wave arrives meanwhile.
  await admin.query('BEGIN');
  await admin.query(`LOCK TABLE ${schema}.cap_counters IN EXCLUSIVE MODE`);
  const first = wave('first');
  await untilBlocked(admin, schema as string);
  const second = wave('second');
  // Time enough for a batch writer with a free slot to send the second wave on its own.
  await sleep(200);
  await admin.query('COMMIT');
  const outcomes = await Promise.all([...first, ...second]);
  assert.equal(outcomes.filter(counted).length, 2 * WAVE);

  const { rows } = await admin.query<{ shard: number; value: string }>(
    `SELECT shard, value FROM ${schema}.cap_counters ORDER BY shard`,
  );
  const quotaRows = rows.filter((row) => row.shard !== 0);
  assert.equal(quotaRows.length, 1, `cap counter rows: ${JSON.stringify(rows)}`);
  assert.equal(
    rows.reduce((sum, row) => sum + Number(row.value), 0),
    2 * WAVE,
  );
});
