/**
 * Day partitions of the high-volume tables (layout explained in schema.ts): created ahead of
 * time, created on demand when a row arrives for a day that has none (an old click id in a
 * test or an import, a clock jump), and dropped whole by retention.
 *
 * Partition DDL takes a strong lock on the parent table for a moment. A short lock_timeout
 * keeps it from queueing behind a long report query, which would stall every insert queued
 * behind the DDL; the next sweep simply tries again.
 */
import { LAST_ID_SECOND, objectIdLowerBound } from '../../domain/object-id.js';
import { NO_PARTITION, sqlState, transaction, type PgPool } from './connection.js';
import { LOCK_NAMESPACE } from './migrate.js';
import { PARTITIONED } from './schema.js';

const DAY_MS = 86_400_000;

/** `20261122` for the UTC day holding `ms`. */
function dayTag(dayStart: number): string {
  return new Date(dayStart).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The day (start, Unix ms) a `_pYYYYMMDD` partition name stands for; null for other names. */
export function partitionDay(name: string): number | null {
  const match = /_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** The creation time (ms) an id's first 8 hex digits encode. */
function idTime(id: string): number {
  return parseInt(id.slice(0, 8), 16) * 1000;
}

export class Partitions {
  /** Days whose partitions are known to exist, so the hot path never repeats the DDL. */
  private readonly ready = new Set<number>();

  constructor(
    private readonly pool: PgPool,
    private readonly schema: string,
  ) {}

  /** Makes sure every partitioned table has a partition for each day from `fromMs` to `toMs`. */
  async ensure(fromMs: number, toMs: number): Promise<void> {
    const missing: number[] = [];
    for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day <= toMs; day += DAY_MS) {
      if (!this.ready.has(day)) missing.push(day);
    }
    if (missing.length === 0) return;
    await transaction(this.pool, async (client) => {
      await client.query("SET LOCAL lock_timeout = '5s'");
      // Two processes creating the same partition would collide on the catalog; take turns.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        LOCK_NAMESPACE,
        `partitions:${this.schema}`,
      ]);
      for (const day of missing) {
        const from = objectIdLowerBound(day).slice(0, 8);
        // Ids hold 32-bit seconds: the day in which they run out (2106) is open-ended, as the
        // bound of the day after would be held at that last second and leave it out.
        const to =
          day + DAY_MS > LAST_ID_SECOND * 1000 ? 'MAXVALUE' : `'${objectIdLowerBound(day + DAY_MS).slice(0, 8)}'`;
        for (const { table } of PARTITIONED) {
          await client.query(
            `CREATE TABLE IF NOT EXISTS ${table}_p${dayTag(day)} PARTITION OF ${table} FOR VALUES FROM ('${from}') TO (${to})`,
          );
        }
      }
    });
    for (const day of missing) this.ready.add(day);
  }

  /** Runs `write`; when a row had no partition, creates those of `ids`' days and runs it again. */
  async writing<T>(ids: () => string[], write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (sqlState(error) !== NO_PARTITION) throw error;
      for (const id of new Set(ids().map((one) => Math.floor(idTime(one) / DAY_MS) * DAY_MS))) {
        this.ready.delete(id);
        await this.ensure(id, id);
      }
      return write();
    }
  }

  /** The day partitions of `table`, oldest first. */
  async list(table: string): Promise<{ name: string; day: number }[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT child.relname AS name FROM pg_inherits
         JOIN pg_class child ON child.oid = pg_inherits.inhrelid
        WHERE pg_inherits.inhparent = to_regclass($1)`,
      [table],
    );
    return rows
      .map((row) => ({ name: row.name, day: partitionDay(row.name) }))
      .filter((row): row is { name: string; day: number } => row.day !== null)
      .sort((a, b) => a.day - b.day);
  }

  /** Forgets a dropped day so a later row for it recreates the partition. */
  forget(day: number): void {
    this.ready.delete(day);
  }
}

export { DAY_MS };
