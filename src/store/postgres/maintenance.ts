/**
 * Retention, sweeps' mutual exclusion and the catalog version on PostgreSQL.
 *
 * Retention works by day partition (schema.ts): days wholly before the cutoff are dropped, a
 * metadata change however many rows they hold; only the day the cutoff falls into is deleted
 * from by id range, in chunks. Outbound days still holding undelivered jobs are kept and only
 * their finished rows deleted, so retention never loses work.
 */
import { objectIdLowerBound } from '../../domain/object-id.js';
import type { MaintenanceRepo } from '../store.js';
import { sqlState, transaction, type PgPool } from './connection.js';
import { LOCK_NAMESPACE } from './migrate.js';
import { DAY_MS, type Partitions } from './partitions.js';

/** Rows removed per statement in the partly expired day, so no delete holds locks for long. */
const PURGE_CHUNK = 5000;
/** SQLSTATE when lock_timeout ran out: the partition is in use; the next sweep tries again. */
const LOCK_NOT_AVAILABLE = '55P03';
/** Partitions larger than this (by the statistics) report an estimated row count. */
const ESTIMATE_ABOVE = 1_000_000;

/** A dedicated connection (not from the pool): session advisory locks belong to it alone. */
export interface DedicatedClient {
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

export interface MaintenanceDeps {
  pool: PgPool;
  partitions: Partitions;
  schema: string;
  daysAhead: number;
  connect: () => Promise<DedicatedClient>;
}

export function pgMaintenance({ pool, partitions, schema, daysAhead, connect }: MaintenanceDeps): MaintenanceRepo {
  /** Drops a whole day partition; false when it is busy (lock timeout). */
  async function drop(tables: string[]): Promise<boolean> {
    try {
      await transaction(pool, async (client) => {
        // Dropping a partition briefly locks its parent; never queue inserts behind a long read.
        await client.query("SET LOCAL lock_timeout = '1s'");
        for (const table of tables) await client.query(`DROP TABLE IF EXISTS ${table}`);
      });
      return true;
    } catch (error) {
      if (sqlState(error) === LOCK_NOT_AVAILABLE) return false;
      throw error;
    }
  }

  async function count(table: string, where = 'TRUE'): Promise<number> {
    const { rows } = await pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`);
    return rows[0].n;
  }

  /**
   * Rows in a partition about to be dropped. Counting a busy day exactly would read all of it,
   * the very scan dropping avoids, so past ESTIMATE_ABOVE rows the statistics' figure is used.
   */
  async function size(table: string): Promise<number> {
    const { rows } = await pool.query<{ n: number }>(
      'SELECT reltuples::bigint AS n FROM pg_class WHERE oid = to_regclass($1)',
      [table],
    );
    const estimate = rows[0]?.n ?? -1;
    return estimate > ESTIMATE_ABOVE ? estimate : count(table);
  }

  async function drain(sql: string, bound: string): Promise<number> {
    let total = 0;
    for (;;) {
      const removed = (await pool.query(sql, [bound, PURGE_CHUNK])).rowCount ?? 0;
      total += removed;
      if (removed < PURGE_CHUNK) return total;
    }
  }

  /** Clicks or log rows: drop expired days, then delete by id range in the partly expired one. */
  async function purgeSimple(table: string, key: string, cutoff: number): Promise<number> {
    let removed = 0;
    for (const part of await partitions.list(table)) {
      if (part.day + DAY_MS > cutoff) break;
      const rows = await size(part.name);
      if (await drop([part.name])) {
        removed += rows;
        partitions.forget(part.day);
      }
    }
    return (
      removed +
      (await drain(
        `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${key} < $1 LIMIT $2)`,
        objectIdLowerBound(cutoff),
      ))
    );
  }

  const FINISHED = "state NOT IN ('pending', 'retrying', 'paused')";

  async function purgeOutbound(cutoff: number): Promise<number> {
    let removed = 0;
    for (const part of await partitions.list('outbound')) {
      if (part.day + DAY_MS > cutoff) break;
      if ((await count(part.name, `NOT (${FINISHED})`)) > 0) continue; // deleted row by row below
      const rows = await size(part.name);
      const attempts = part.name.replace(/^outbound_/, 'outbound_attempts_');
      if (await drop([attempts, part.name])) removed += rows;
    }
    // Attempts first, in the same statement, so no attempt outlives its job.
    return (
      removed +
      (await drain(
        `WITH gone AS (
         DELETE FROM outbound WHERE id IN (SELECT id FROM outbound WHERE id < $1 AND ${FINISHED} LIMIT $2) RETURNING id),
       attempts AS (DELETE FROM outbound_attempts WHERE job_id IN (SELECT id FROM gone))
       SELECT id FROM gone`,
        objectIdLowerBound(cutoff),
      ))
    );
  }

  return {
    async purgeBefore(cutoff) {
      // The retention sweep also keeps the partitions of the coming days ready.
      const now = Date.now();
      await partitions.ensure(now - DAY_MS, now + daysAhead * DAY_MS);
      const clicks = await purgeSimple('clicks', 'clickid', cutoff);
      const postbacks = await purgeSimple('postback_log', 'id', cutoff);
      const outbound = await purgeOutbound(cutoff);
      return { clicks, postbacks, outbound };
    },
    async exclusive(name, task) {
      // A session lock on a connection of its own: held exactly as long as the task runs, by
      // this process alone, and released by the server should the process die.
      const client = await connect();
      try {
        const key = `task:${schema}:${name}`;
        const { rows } = await client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
          LOCK_NAMESPACE,
          key,
        ]);
        if (!rows[0].ok) return false;
        try {
          await task();
          return true;
        } finally {
          await client
            .query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, key])
            .catch(() => undefined);
        }
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async catalogVersion() {
      const { rows } = await pool.query<{ value: string }>({
        name: 'catalog_version',
        text: "SELECT value FROM settings WHERE key = 'catalog_version'",
      });
      return Number(rows[0]?.value ?? 0);
    },
  };
}
