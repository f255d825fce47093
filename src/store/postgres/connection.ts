/**
 * Connecting to PostgreSQL: one pg Pool per process, every pooled connection pinned to the
 * store's schema, bigint columns read as JS numbers, and a transaction helper.
 */
import pg from 'pg';
import { NulSafeClient } from './nul-guard.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;
/** Anything that runs a query: the pool (autocommit) or a client inside a transaction. */
export type PgQueryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** Options of the PostgreSQL store. */
export interface PgOptions {
  /** Window in which concurrent click and log inserts are gathered into one INSERT. */
  writeBatchMs?: number;
  /** Schema holding every table (default `public`, or `?schema=` in the URL). */
  schema?: string;
  /** Connections in this process's pool. */
  poolSize?: number;
  /** Daily partitions created ahead of time (clicks, log rows, outbound). */
  partitionDaysAhead?: number;
  /** false: report counters and caps are not kept (STATS_COUNTERS=off, to measure their cost). */
  counters?: boolean;
}

/** What a `postgres://` URL says, once our own parameters are taken out of it. */
export interface PgUrl {
  connectionString: string;
  /** `?schema=`: the schema holding the tables. */
  schema: string | null;
  /** `?pool_max=`: connections per process. */
  poolMax: number | null;
  /** `?options=`: server settings (`-c name=value …`), kept alongside the store's own. */
  serverOptions: string | null;
}

export function parsePgUrl(url: string): PgUrl {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  const poolText = parsed.searchParams.get('pool_max');
  const serverOptions = parsed.searchParams.get('options');
  for (const own of ['schema', 'pool_max', 'options']) parsed.searchParams.delete(own);
  const poolMax = poolText === null ? null : Number(poolText);
  if (poolMax !== null && !(Number.isInteger(poolMax) && poolMax >= 2 && poolMax <= 1000)) {
    throw new Error(`DATABASE_URL pool_max must be a whole number from 2 to 1000, got "${poolText}"`);
  }
  return { connectionString: parsed.toString(), schema, poolMax, serverOptions };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names go into SQL text (search_path, CREATE SCHEMA), so only plain names are allowed. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`PostgreSQL schema must be lower-case letters, digits and "_", got "${schema}"`);
  }
  return schema;
}

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Per-pool type parsers (not the global pg.types, which other code may rely on): times, money
 * and counts are bigint columns well within Number.MAX_SAFE_INTEGER, so they come back as
 * numbers like the SQLite store's.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

/** Startup options of every connection: the schema, plus whatever the URL asked for. */
export function connectionOptions(schema: string, serverOptions: string | null): string {
  // Set at connection start, so no connection ever runs a query in another schema.
  return `-c search_path=${schema}${serverOptions ? ` ${serverOptions}` : ''}`;
}

/** Opens the pool; nothing connects until the first query. */
export function openPool(connectionString: string, options: string, poolSize: number): PgPool {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types,
    options,
    application_name: 'trackpost',
    Client: NulSafeClient,
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs `work` in one transaction on one pooled connection; commits when it resolves, rolls
 * back when it throws (the error goes on to the caller).
 */
export async function transaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is not given back to the pool.
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = '23505';
/** SQLSTATE when a row falls outside every partition of a partitioned table. */
export const NO_PARTITION = '23514';

/** The SQLSTATE of a driver error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
}
