/**
 * Connecting to PostgreSQL: one pg Pool per process, every pooled connection pinned to the
 * store's schema, bigint columns read as JS numbers, and a transaction helper.
 */
import pg from 'pg';

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
}

/** The connection string without our own parameters, and the schema it names. */
export function parsePgUrl(url: string): { connectionString: string; schema: string | null } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
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

/** Opens the pool; nothing connects until the first query. */
export function openPool(connectionString: string, schema: string, poolSize: number): PgPool {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types,
    // Set at connection start, so no pooled connection ever runs a query in another schema.
    options: `-c search_path=${schema}`,
    application_name: 'trackpost',
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
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
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
