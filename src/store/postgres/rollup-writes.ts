/**
 * The report rollups (report-rollups.ts) written on PostgreSQL by the statements that write the
 * counters, as data-modifying CTEs: each counter write also adds its rows to the rollup rows of
 * the same shard, summed per rollup row and in key order. A row trigger did this before
 * (migration 110_rollups_in_statements drops it): a PL/pgSQL call and two more statements per
 * counter row, which cost about as much as the counter write itself on the hottest statements.
 *
 * Every writer of `stat_clicks` and `stat_conversions` on PostgreSQL must add these CTEs; they
 * are unreferenced, so PostgreSQL runs them after the statement's main query, and every writer
 * locks counter rows before rollup rows. SQLite keeps its triggers: there they run in-process,
 * for next to nothing.
 */
import type { CounterTable } from '../report-rollups.js';

/**
 * `add_<rollup table> AS (…)` CTEs, comma-separated, adding the rows of `source` to every rollup of
 * `counters`. `source` holds the counter table's key columns, `shard`, its copied columns and
 * its summed columns (deltas: a status change adds negative ones).
 */
export function rollupCtes(counters: CounterTable, source: string): string {
  return counters.rollups
    .map((rollup) => {
      const keys = ['q', ...rollup.keys, 'shard'];
      const columns = [...keys, ...counters.copied, ...counters.sums];
      const values = [
        ...keys,
        ...counters.copied.map((column) => `MIN(${column})`),
        ...counters.sums.map((column) => `SUM(${column})::bigint`),
      ];
      return `add_${rollup.table} AS (
    INSERT INTO ${rollup.table} (${columns.join(', ')})
    SELECT ${values.join(', ')} FROM ${source}
    GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${counters.sums
      .map((column) => `${column} = ${rollup.table}.${column} + EXCLUDED.${column}`)
      .join(', ')})`;
    })
    .join(',\n  ');
}
