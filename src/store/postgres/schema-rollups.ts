/**
 * PostgreSQL migration of the report rollups (src/store/report-rollups.ts): the tables, filled
 * from the counters as they stand, and the row triggers that keep them in step with every
 * counter write (an upsert's insert fires the INSERT branch, its update the UPDATE branch).
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
        ${rollupColumns(counters, rollup, 'bigint')}
      ) WITH (fillfactor = 50);
      ${rollupBackfill(counters, rollup)};`,
  );
  const onInsert = counters.rollups.map((rollup) => `${rollupOnInsert(counters, rollup, 'EXCLUDED')};`);
  const onUpdate = counters.rollups.map((rollup) => `${rollupOnUpdate(counters, rollup)};`);
  return `${tables.join('\n')}
      CREATE FUNCTION ${counters.table}_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${onInsert.join('\n          ')}
        ELSE
          ${onUpdate.join('\n          ')}
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER ${counters.table}_rollup AFTER INSERT OR UPDATE ON ${counters.table}
        FOR EACH ROW EXECUTE FUNCTION ${counters.table}_rollup();`;
}

export const PG_ROLLUP_MIGRATIONS: { name: string; sql: string }[] = [
  { name: '080_report_rollups', sql: `${rollupsOf(CLICK_COUNTERS)}\n${rollupsOf(CONVERSION_COUNTERS)}` },
];
