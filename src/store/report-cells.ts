/** Turning the rows of report-sql.ts into ReportCells (both backends). */
import type { ReportCell, ReportQuery } from './report-query.js';

const KEYS = new Set(['t', 'offer_id', 'affiliate_id', 'advertiser_id', 'goal', 'country', 'currency', 'reason']);

/** A database row (numbers may arrive as strings from PostgreSQL's bigint) as a cell. */
export function toCell(row: Record<string, unknown>, query: ReportQuery): ReportCell {
  const sums: Record<string, number> = {};
  for (const [name, value] of Object.entries(row)) {
    if (!KEYS.has(name) && !/^s\d$/.test(name)) sums[name] = Number(value ?? 0);
  }
  return {
    t: row.t === undefined || row.t === null ? null : Number(row.t),
    offer_id: Number(row.offer_id ?? 0),
    affiliate_id: Number(row.affiliate_id ?? 0),
    advertiser_id: Number(row.advertiser_id ?? 0),
    goal: String(row.goal ?? ''),
    country: String(row.country ?? ''),
    currency: String(row.currency ?? ''),
    reason: String(row.reason ?? ''),
    subs: query.subs.map((index) => String(row[`s${index}`] ?? '')),
    sums,
  };
}
