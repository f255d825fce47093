/** Several processes starting at once on a new PostgreSQL schema: migrations run once, all come up. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/schema.js';
import { dropPostgresSchema, freshPostgresUrl } from '../helpers/backends.js';

const BASE = process.env.TEST_DATABASE_URL;

test('startup: four stores opening one new schema at once all work; each migration ran once', {
  skip: BASE ? undefined : 'TEST_DATABASE_URL is not set: this concerns PostgreSQL only',
}, async (t) => {
  const url = freshPostgresUrl(BASE as string);
  t.after(() => dropPostgresSchema(url));
  const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ databaseUrl: url, writeBatchMs: 1 })));
  try {
    const values = await Promise.all(stores.map((store, i) => store.settings.setIfAbsent('first', `store-${i}`)));
    assert.equal(new Set(values).size, 1);
    for (const store of stores) await store.ping();
    const schema = new URL(url).searchParams.get('schema');
    const client = new pg.Client({ connectionString: BASE });
    await client.connect();
    try {
      const migrations = await client.query(`SELECT name FROM ${schema}.schema_migrations ORDER BY name`);
      assert.deepEqual(
        migrations.rows.map((row) => row.name).sort(),
        PG_MIGRATIONS.map((migration) => migration.name).sort(),
      );
      // Today's partitions exist for every time-partitioned table.
      const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      const parts = await client.query(
        `SELECT relname FROM pg_class JOIN pg_namespace ON pg_namespace.oid = relnamespace WHERE nspname = $1 AND relname LIKE $2`,
        [schema, `%_p${today}`],
      );
      assert.deepEqual(
        parts.rows.map((row) => row.relname).sort(),
        ['clicks', 'outbound', 'outbound_attempts', 'postback_log'].map((table) => `${table}_p${today}`).sort(),
      );
    } finally {
      await client.end();
    }
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
});
