/** The custom report's reads on PostgreSQL: grouped sums built by report-sql.ts. */
import { toCell } from '../report-cells.js';
import type { ReportQuery, ReportReader } from '../report-query.js';
import { reportSql, type ReportSource, type SqlDialect } from '../report-sql.js';
import type { PgPool } from './connection.js';

const dialect: SqlDialect = {
  placeholder: (n) => `$${n}`,
  sub: (index) => `(subs->>${index})`,
};

export function pgReports(pool: PgPool): ReportReader {
  const run = async (kind: ReportSource, query: ReportQuery) => {
    const { sql, args } = reportSql(kind, query, dialect);
    const { rows } = await pool.query<Record<string, unknown>>(sql, args);
    return rows.map((row) => toCell(row, query));
  };
  return {
    traffic: (query) => run('traffic', query),
    actions: (query) => run('actions', query),
    refused: (query) => run('refused', query),
  };
}
