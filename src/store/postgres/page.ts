/** One page of a filtered list, and the total across all pages. */
import type { Page, PageRequest } from '../../domain/entities.js';
import type { PgPool } from './connection.js';
import type { Where } from './where.js';

/**
 * Runs the count and the page as two queries at once, on two connections: the page query can
 * then stop after `limit` rows in index order, where a window count would read every match.
 */
export async function countAndPage<T>(
  pool: PgPool,
  table: string,
  where: Where,
  orderBy: string,
  page: PageRequest,
): Promise<Page<T>> {
  const condition = where.toString();
  const offset = (page.page - 1) * page.limit;
  const [count, rows] = await Promise.all([
    pool.query<{ total: number }>(`SELECT COUNT(*) AS total FROM ${table} WHERE ${condition}`, where.args),
    pool.query(
      `SELECT * FROM ${table} WHERE ${condition} ORDER BY ${orderBy}
        LIMIT $${where.args.length + 1} OFFSET $${where.args.length + 2}`,
      [...where.args, page.limit, offset],
    ),
  ]);
  return { total: count.rows[0].total, rows: rows.rows as T[] };
}
