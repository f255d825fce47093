/**
 * PostgreSQL migration of the report rollups (src/store/report-rollups.ts): the tables, filled
 * from the counters as they stand, and the row triggers that keep them in step with every
 * counter write (an upsert's insert fires the INSERT branch, its update the UPDATE branch).
 */
import { CLICK_COUNTERS, CONVERSION_COUNTERS, type CounterTable, rollupMigrationSql } from '../report-rollups.js';

/**
 * The trigger function of a counter table, running these statements for its inserted or
 * updated row; `create` is how it is made (a later migration replaces it).
 */
export function pgRollupFunction(
  counters: CounterTable,
  onInsert: string[],
  onUpdate: string[],
  create = 'CREATE FUNCTION',
): string {
  return `
      ${create} ${counters.table}_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${onInsert.join('\n          ')}
        ELSE
          ${onUpdate.join('\n          ')}
        END IF;
        RETURN NULL;
      END $$;`;
}

const sql = rollupMigrationSql({
  integer: 'bigint',
  // Every counter write updates a rollup row: half of each page left free lets those updates
  // stay on their page (HOT), so page pruning, not VACUUM, reclaims the old versions.
  tableOptions: ' WITH (fillfactor = 50)',
  excluded: 'EXCLUDED',
  triggers: (counters, onInsert, onUpdate) => `${pgRollupFunction(counters, onInsert, onUpdate)}
      CREATE TRIGGER ${counters.table}_rollup AFTER INSERT OR UPDATE ON ${counters.table}
        FOR EACH ROW EXECUTE FUNCTION ${counters.table}_rollup();`,
});

export const PG_ROLLUP_MIGRATIONS: { name: string; sql: string }[] = [{ name: '080_report_rollups', sql }];

/**
 * From here on, the statements that write the counters write the rollups too (rollup-writes.ts),
 * so the triggers go. Every process must run a build that has rollup-writes.ts once this has
 * run: an older one would write counters without their rollups.
 */
export const PG_ROLLUP_TRIGGER_DROP: { name: string; sql: string }[] = [
  {
    name: '110_rollups_in_statements',
    sql: [CLICK_COUNTERS, CONVERSION_COUNTERS]
      .map(
        ({ table }) => `
      DROP TRIGGER ${table}_rollup ON ${table};
      DROP FUNCTION ${table}_rollup();`,
      )
      .join(''),
  },
];
