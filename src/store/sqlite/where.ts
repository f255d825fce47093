/** Filtered, paged queries from optional filters (the same shape as postgres/where.ts). */
import { objectIdLowerBound } from '../../domain/object-id.js';
import type { Page, PageRequest } from '../../domain/entities.js';
import type { DateRange } from '../store.js';
import type { SqliteDb } from './connection.js';

/** Conditions joined by AND, and the arguments of their placeholders in order. */
export class Where {
  readonly clauses: string[] = [];
  readonly args: unknown[] = [];

  /**
   * Rows created within the range. Ids begin with their creation second (ObjectId layout), so
   * the date range is a primary-key range and needs no created_at index.
   */
  static createdWithin(range: DateRange): Where {
    const where = new Where();
    where.add('id >= ?', objectIdLowerBound(range.from));
    where.add('id < ?', objectIdLowerBound(range.to));
    return where;
  }

  /** Adds a condition with one `?` for `value`. */
  add(condition: string, value: unknown): void {
    this.clauses.push(condition);
    this.args.push(value);
  }

  /** Adds `column IN (?, ?, …)` when the list has values. */
  inList(column: string, values: readonly unknown[] | undefined): void {
    if (!values || values.length === 0) return;
    this.clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    this.args.push(...values);
  }
}

/** One page of a table's matching rows, newest (highest id) first, and the count of all of them. */
export function newestFirst<Row>(db: SqliteDb, table: string, where: Where, page: PageRequest): Page<Row> {
  const clause = where.clauses.length > 0 ? `WHERE ${where.clauses.join(' AND ')}` : '';
  const total = db
    .prepare(`SELECT COUNT(*) FROM ${table} ${clause}`)
    .pluck()
    .get(...where.args) as number;
  const rows = db
    .prepare(`SELECT * FROM ${table} ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...where.args, page.limit, (page.page - 1) * page.limit) as Row[];
  return { rows, total };
}
