/** The custom report's reads on SQLite: grouped sums built by report-sql.ts. */
import { toCell } from '../report-cells.js';
import type { ReportQuery, ReportReader } from '../report-query.js';
import { reportSql, type ReportSource, type SqlDialect } from '../report-sql.js';
import type { SqliteDb } from './connection.js';

const dialect: SqlDialect = {
  placeholder: () => '?',
  sub: (index) => `json_extract(subs, '$[${index}]')`,
};

export function sqliteReports(db: SqliteDb): ReportReader {
  const run = async (kind: ReportSource, query: ReportQuery) => {
    const { sql, args } = reportSql(kind, query, dialect);
    const rows = db.prepare(sql).all(...args) as Record<string, unknown>[];
    return rows.map((row) => toCell(row, query));
  };
  return {
    traffic: (query) => run('traffic', query),
    actions: (query) => run('actions', query),
    refused: (query) => run('refused', query),
  };
}
