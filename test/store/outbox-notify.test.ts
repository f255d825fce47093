/** The outbox signal between PostgreSQL processes survives losing its listening connection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import { dropPostgresSchema, freshPostgresUrl } from '../helpers/backends.js';
import { eventually } from '../helpers/eventually.js';
import { makeRecord, oneJobPerEvent } from './fixtures.js';

const BASE = process.env.TEST_DATABASE_URL;

test('outbox signal: a listening connection that is cut is opened again, and hears other processes again', {
  skip: BASE ? undefined : 'TEST_DATABASE_URL is not set: this concerns PostgreSQL only',
}, async (t) => {
  const url = freshPostgresUrl(BASE as string);
  t.after(() => dropPostgresSchema(url));
  const worker = await openStore({ databaseUrl: url, writeBatchMs: 1 });
  const http = await openStore({ databaseUrl: url, writeBatchMs: 1 });
  http.setFanOut(oneJobPerEvent);
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  let told = 0;
  const stop = worker.outbound.onQueued(() => void told++);
  const toldAgain = async (what: string) => {
    await eventually(async () => (told >= 1 ? true : undefined), undefined, what);
    told = 0;
  };
  try {
    await toldAgain('the listening connection to start');
    const cut = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1', [
      `LISTEN trackpost_outbox_${new URL(url).searchParams.get('schema')}`,
    ]);
    assert.equal(cut.rowCount, 1);
    await toldAgain('the listening connection to come back');
    await http.conversions.record(makeRecord());
    await toldAgain("the other process's notification");
  } finally {
    stop();
    await admin.end();
    await Promise.all([worker.close(), http.close()]);
  }
});
