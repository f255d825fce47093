/**
 * Rollups of the report counters: the sums of `stat_clicks` and `stat_conversions` again, keyed
 * by fewer columns, so a report that neither groups nor filters by country (or by affiliate)
 * reads one row per quarter hour and offer instead of one per quarter hour, offer, affiliate
 * and country. They keep the quarter-hour key, so every time zone stays exact.
 *
 * They change in the statement that changes the counters, so in the same transaction as the
 * counters and the records. On SQLite, triggers on the counter tables keep them (migration
 * 080_report_rollups): a counter row inserted adds its sums to its rollup rows, a counter row
 * updated adds the difference. On PostgreSQL the statements writing counters write the rollups
 * too (postgres/rollup-writes.ts; migration 110_rollups_in_statements drops the triggers).
 */
import { CONVERSION_DELTA_COLUMNS } from './counter-deltas.js';
import type { ReportDim } from './report-query.js';

export interface Rollup {
  table: string;
  /** Key columns besides `q`, in primary-key order. */
  keys: readonly string[];
  /** The report dimensions the keys can group and filter by. */
  dims: ReadonlySet<ReportDim>;
}

export interface CounterTable {
  table: 'stat_clicks' | 'stat_conversions';
  /** The summed columns. */
  sums: readonly string[];
  /** Columns copied, not summed (any value of the rollup's rows will do). */
  copied: readonly string[];
  /** Smallest first: a report reads the first one whose dims hold every dim it needs. */
  rollups: readonly Rollup[];
}

export const CLICK_COUNTERS: CounterTable = {
  table: 'stat_clicks',
  sums: ['raw', 'uniq'],
  copied: [],
  rollups: [
    {
      table: 'stat_clicks_by_offer',
      keys: ['offer_id', 'currency', 'advertiser_id'],
      dims: new Set(['offer', 'advertiser', 'currency']),
    },
    {
      table: 'stat_clicks_by_affiliate',
      keys: ['offer_id', 'affiliate_id', 'currency', 'advertiser_id'],
      dims: new Set(['offer', 'affiliate', 'advertiser', 'currency']),
    },
  ],
};

export const CONVERSION_COUNTERS: CounterTable = {
  table: 'stat_conversions',
  sums: CONVERSION_DELTA_COLUMNS,
  // The goal's title as first written; the report shows it beside the goal key.
  copied: ['goal'],
  rollups: [
    {
      table: 'stat_conversions_by_offer',
      keys: ['offer_id', 'goal_key', 'currency', 'advertiser_id'],
      dims: new Set(['offer', 'advertiser', 'currency', 'goal']),
    },
    {
      table: 'stat_conversions_by_affiliate',
      keys: ['offer_id', 'affiliate_id', 'goal_key', 'currency', 'advertiser_id'],
      dims: new Set(['offer', 'affiliate', 'advertiser', 'currency', 'goal']),
    },
  ],
};

/** The smallest rollup of `counters` holding every dimension in `needed`, or null for none. */
export function rollupFor(counters: CounterTable, needed: ReadonlySet<ReportDim>): Rollup | null {
  return counters.rollups.find((rollup) => [...needed].every((dim) => rollup.dims.has(dim))) ?? null;
}

/** What differs between the backends' migrations of the rollups. */
export interface RollupDialect {
  /** The integer column type. */
  integer: string;
  /** What follows a rollup table's column list (storage options), or ''. */
  tableOptions: string;
  /** The row being inserted, as an upsert's DO UPDATE names it. */
  excluded: string;
  /** The triggers running these statements for each counter row inserted and each updated. */
  triggers(counters: CounterTable, onInsert: string[], onUpdate: string[]): string;
}

/** The migration making the rollups: the tables, filled from the counters, and their triggers. */
export function rollupMigrationSql(dialect: RollupDialect): string {
  return [CLICK_COUNTERS, CONVERSION_COUNTERS]
    .map((counters) => {
      const tables = counters.rollups.map(
        (rollup) => `
      CREATE TABLE ${rollup.table} (
        ${rollupColumns(counters, rollup, dialect.integer)}
      )${dialect.tableOptions};
      ${rollupBackfill(counters, rollup)};`,
      );
      const onInsert = counters.rollups.map((rollup) => `${rollupOnInsert(counters, rollup, dialect.excluded)};`);
      const onUpdate = counters.rollups.map((rollup) => `${rollupOnUpdate(counters, rollup)};`);
      return `${tables.join('\n')}\n${dialect.triggers(counters, onInsert, onUpdate)}`;
    })
    .join('\n');
}

/** The column definitions of a rollup table, typed for one backend. */
function rollupColumns(counters: CounterTable, rollup: Rollup, integer: string): string {
  const typeOf = (column: string) => (column.endsWith('_id') ? integer : 'TEXT');
  return [
    `q ${integer} NOT NULL`,
    ...rollup.keys.map((key) => `${key} ${typeOf(key)} NOT NULL`),
    ...counters.copied.map((column) => `${column} TEXT NOT NULL`),
    ...counters.sums.map((column) => `${column} ${integer} NOT NULL DEFAULT 0`),
    `PRIMARY KEY (q, ${rollup.keys.join(', ')})`,
  ].join(',\n        ');
}

/**
 * The statement filling a rollup from its counter table's rows as they stand (run once, when
 * the rollup is made, so a database with counters gets rollups that agree with them).
 */
function rollupBackfill(counters: CounterTable, rollup: Rollup): string {
  const keys = ['q', ...rollup.keys];
  return `INSERT INTO ${rollup.table} (${[...keys, ...counters.copied, ...counters.sums].join(', ')})
      SELECT ${[
        ...keys,
        ...counters.copied.map((column) => `MIN(${column})`),
        ...counters.sums.map((column) => `SUM(${column})`),
      ].join(', ')}
      FROM ${counters.table} GROUP BY ${keys.join(', ')}`;
}

/**
 * The statements a trigger runs for one counter row (`NEW`, and `OLD` on update), in the
 * dialect's words for "the row being inserted" (`excluded` or `EXCLUDED`).
 */
export function rollupOnInsert(counters: CounterTable, rollup: Rollup, excluded: string): string {
  const keys = ['q', ...rollup.keys];
  const columns = [...keys, ...counters.copied, ...counters.sums];
  return `INSERT INTO ${rollup.table} (${columns.join(', ')})
        VALUES (${columns.map((column) => `NEW.${column}`).join(', ')})
        ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${counters.sums
          .map((column) => `${column} = ${rollup.table}.${column} + ${excluded}.${column}`)
          .join(', ')}`;
}

/** A counter row's sums changed: its rollup rows (made when it was inserted) change as much. */
export function rollupOnUpdate(counters: CounterTable, rollup: Rollup): string {
  const keys = ['q', ...rollup.keys];
  return `UPDATE ${rollup.table} SET ${counters.sums
    .map((column) => `${column} = ${column} + (NEW.${column} - OLD.${column})`)
    .join(', ')}
        WHERE ${keys.map((key) => `${key} = NEW.${key}`).join(' AND ')}`;
}
