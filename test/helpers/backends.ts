/**
 * The backends the store contract suite runs against: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set (otherwise it is listed with a visible skip reason). Every store a
 * test opens is fresh: a new SQLite file, or a new PostgreSQL schema dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import type { FanOut } from '../../src/domain/commands.js';

/** A fresh, empty store, and how to open more stores on the same data (other "processes"). */
export interface TestStore {
  store: Store;
  /** The DATABASE_URL of this store. */
  url: string;
  /** Another store on the same database, as a second process would open it. */
  another(): Promise<Store>;
  /** Closes every store opened here and removes the data. */
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Why this backend does not run; undefined when it does. */
  skip: string | undefined;
  /** Opens a fresh store; every store opened on it gets `fanOut` as its rules (default: no jobs). */
  open(fanOut?: FanOut): Promise<TestStore>;
}

/** `base` with a new, unused schema name (`?schema=t_…`). */
export function freshPostgresUrl(base: string): string {
  const url = new URL(base);
  url.searchParams.set('schema', `t_${randomBytes(6).toString('hex')}`);
  return url.toString();
}

/** Drops the schema a freshPostgresUrl names, with everything in it. */
export async function dropPostgresSchema(url: string): Promise<void> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  if (!schema || !/^t_[0-9a-f]+$/.test(schema)) return; // never drop a schema this helper did not make
  parsed.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

async function openAt(url: string, cleanupData: () => Promise<void>, fanOut: FanOut = () => []): Promise<TestStore> {
  const stores: Store[] = [];
  const open = async () => {
    const store = await openStore({ databaseUrl: url, writeBatchMs: 1 });
    store.setFanOut(fanOut);
    stores.push(store);
    return store;
  };
  const store = await open();
  return {
    store,
    url,
    another: open,
    async cleanup() {
      await Promise.all(stores.map((one) => one.close()));
      await cleanupData();
    },
  };
}

const sqlite: Backend = {
  name: 'sqlite',
  skip: undefined,
  open(fanOut) {
    const dir = mkdtempSync(join(tmpdir(), 'trackpost-store-'));
    return openAt(`file:${join(dir, 'test.db')}`, async () => rmSync(dir, { recursive: true, force: true }), fanOut);
  },
};

function postgres(): Backend {
  const base = process.env.TEST_DATABASE_URL;
  return {
    name: 'postgres',
    skip: base ? undefined : 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
    open(fanOut) {
      if (!base) throw new Error('TEST_DATABASE_URL is not set');
      const url = freshPostgresUrl(base);
      return openAt(url, () => dropPostgresSchema(url), fanOut);
    },
  };
}

/**
 * Every backend, in the order the suites run them. TEST_BACKENDS=postgres (or sqlite) runs
 * one alone; the others are then listed as skipped.
 */
export function backends(): Backend[] {
  const only = process.env.TEST_BACKENDS?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return [sqlite, postgres()].map((backend) =>
    !only || only.includes(backend.name) || backend.skip
      ? backend
      : { ...backend, skip: `TEST_BACKENDS=${only.join(',')}` },
  );
}
