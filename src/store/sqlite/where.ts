/** Helpers for building filtered, paged queries from optional filters. */
import { clickIdLowerBound } from '../../domain/clickid.js';
import type { Page, PageRequest } from '../entities.js';
import type { DateRange } from '../store.js';
import type { SqliteDb } from './connection.js';

/** Conditions joined by AND, and the arguments of their placeholders in order. */
export interface Conditions {
  where: string[];
  args: unknown[];
}

/**
 * Rows created within the range. Ids begin with their creation second (ObjectId layout), so
 * the date range is a primary-key range and needs no created_at index.
 */
export function createdWithin(range: DateRange): Conditions {
  return { where: ['id >= ?', 'id < ?'], args: [clickIdLowerBound(range.from), clickIdLowerBound(range.to)] };
}

/** Adds `column IN (?, ?, …)` when the list has values. */
export function inList(where: string[], args: unknown[], column: string, values: readonly unknown[] | undefined): void {
  if (!values || values.length === 0) return;
  where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
  args.push(...values);
}

/** One page of a table's matching rows, newest (highest id) first, and the count of all of them. */
export function newestFirst<Row>(db: SqliteDb, table: string, { where, args }: Conditions, page: PageRequest): Page<Row> {
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT COUNT(*) FROM ${table} ${clause}`).pluck().get(...args) as number;
  const rows = db
    .prepare(`SELECT * FROM ${table} ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...args, page.limit, (page.page - 1) * page.limit) as Row[];
  return { rows, total };
}
