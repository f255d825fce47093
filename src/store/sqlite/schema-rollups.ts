/**
 * SQLite migration of the report rollups (src/store/report-rollups.ts): the tables, filled from
 * the counters as they stand, and the triggers that keep them in step with every counter write.
 */
import {
  CLICK_COUNTERS,
  CONVERSION_COUNTERS,
  type CounterTable,
  rollupBackfill,
  rollupColumns,
  rollupOnInsert,
  rollupOnUpdate,
} from '../report-rollups.js';

function rollupsOf(counters: CounterTable): string {
  const tables = counters.rollups.map(
    (rollup) => `
      CREATE TABLE ${rollup.table} (
        ${rollupColumns(counters, rollup, 'INTEGER')}
      ) WITHOUT ROWID;
      ${rollupBackfill(counters, rollup)};`,
  );
  const onInsert = counters.rollups.map((rollup) => `${rollupOnInsert(counters, rollup, 'excluded')};`);
  const onUpdate = counters.rollups.map((rollup) => `${rollupOnUpdate(counters, rollup)};`);
  return `${tables.join('\n')}
      CREATE TRIGGER ${counters.table}_rollup_insert AFTER INSERT ON ${counters.table} BEGIN
        ${onInsert.join('\n        ')}
      END;
      CREATE TRIGGER ${counters.table}_rollup_update AFTER UPDATE ON ${counters.table} BEGIN
        ${onUpdate.join('\n        ')}
      END;`;
}

export const SQLITE_ROLLUP_MIGRATIONS: { name: string; sql: string }[] = [
  { name: '080_report_rollups', sql: `${rollupsOf(CLICK_COUNTERS)}\n${rollupsOf(CONVERSION_COUNTERS)}` },
];
