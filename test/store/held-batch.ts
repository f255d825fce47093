/**
 * A PostgreSQL batch held on its way by a lock, and a second wave of writes arriving meanwhile:
 * for the tests that a writer keeps one batch on its way per process (counted-batches and
 * capped-batches tests).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { dropPostgresSchema, freshPostgresUrl } from '../helpers/backends.js';

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
 * A store on a schema of its own (`prepare` sets it up), and `wave` run twice: the first wave's
 * batch is held on its way by a lock on `table`, the second arrives meanwhile. Answers the
 * outcomes of both waves and the rows of `table` after, by shard.
 */
export async function twoWaves(
  t: { after(fn: () => Promise<void>): void },
  table: string,
  wave: (store: Store, name: string) => Promise<unknown>[],
  prepare: (store: Store) => void = () => undefined,
): Promise<{ rows: Record<string, unknown>[]; outcomes: unknown[] }> {
  const base = process.env.TEST_DATABASE_URL as string;
  const url = freshPostgresUrl(base);
  const store = await openStore({ databaseUrl: url, writeBatchMs: 1 });
  store.setFanOut(() => []);
  prepare(store);
  const admin = new pg.Client({ connectionString: base });
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
