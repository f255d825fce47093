/**
 * SQLite migration of the report rollups (src/store/report-rollups.ts): the tables, filled from
 * the counters as they stand, and the triggers that keep them in step with every counter write.
 */
import { rollupMigrationSql } from '../report-rollups.js';

const sql = rollupMigrationSql({
  integer: 'INTEGER',
  tableOptions: ' WITHOUT ROWID',
  excluded: 'excluded',
  triggers: (counters, onInsert, onUpdate) => `
      CREATE TRIGGER ${counters.table}_rollup_insert AFTER INSERT ON ${counters.table} BEGIN
        ${onInsert.join('\n        ')}
      END;
      CREATE TRIGGER ${counters.table}_rollup_update AFTER UPDATE ON ${counters.table} BEGIN
        ${onUpdate.join('\n        ')}
      END;`,
});

export const SQLITE_ROLLUP_MIGRATIONS: { name: string; sql: string }[] = [{ name: '080_report_rollups', sql }];
