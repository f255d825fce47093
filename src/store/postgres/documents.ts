/**
 * Catalog records (advertisers, affiliates, offers, postback configs) as JSON documents: one
 * generic repository serves every kind. Each write bumps the catalog version in the same
 * statement, so another process sees the new version exactly when it can see the new data.
 * Once committed, a write tells this process's catalog (catalog-changes.ts) before resolving.
 */
import type { CatalogChanges } from '../catalog-changes.js';
import type { Page, PageRequest } from '../../domain/entities.js';
import type { DocumentRepo } from '../store.js';
import { isRecordId } from '../record-id.js';
import type { PgPool } from './connection.js';

type Managed = 'id' | 'created_at' | 'updated_at';

interface DocumentRow {
  id: number;
  data: Record<string, unknown>;
  created_at: number;
  updated_at: number;
}

export function pgDocuments<T extends { id: number }>(
  pool: PgPool,
  table: string,
  changes: CatalogChanges,
): DocumentRepo<T> {
  const toRecord = (row: DocumentRow): T =>
    ({ ...row.data, id: row.id, created_at: row.created_at, updated_at: row.updated_at }) as unknown as T;
  const ownerOf = (input: object): number | null => {
    const owner = (input as { affiliate_id?: unknown }).affiliate_id;
    return typeof owner === 'number' ? owner : null;
  };
  // The bump runs only when the write touched a row (the CTE reads the write's result). A row
  // in settings, not a sequence: a sequence moves before the commit, and a process reloading
  // in between would keep the old data under the new version until the next change.
  const afterWrite = (write: string): string =>
    `WITH written AS (${write} RETURNING *), bump AS (
       INSERT INTO settings (key, value) SELECT 'catalog_version', '1' WHERE EXISTS (SELECT 1 FROM written)
       ON CONFLICT (key) DO UPDATE SET value = (settings.value::bigint + 1)::text)
     SELECT * FROM written`;
  const insert = afterWrite(
    `INSERT INTO ${table} (affiliate_id, data, created_at, updated_at) VALUES ($1, $2, $3, $3)`,
  );
  const update = afterWrite(`UPDATE ${table} SET affiliate_id = $1, data = $2, updated_at = $3 WHERE id = $4`);
  const remove = afterWrite(`DELETE FROM ${table} WHERE id = $1`);
  /** Passes a committed write's result on once the catalog has seen it (when it changed a row). */
  const told = async <R>(result: R, changed: boolean): Promise<R> => {
    if (changed) await changes.changed();
    return result;
  };

  return {
    async create(input: Omit<T, Managed>) {
      const { rows } = await pool.query<DocumentRow>(insert, [ownerOf(input), JSON.stringify(input), Date.now()]);
      return told(toRecord(rows[0]), true);
    },
    async update(id: number, next: Omit<T, Managed>) {
      if (!isRecordId(id)) return null;
      const { id: _id, created_at: _c, updated_at: _u, ...data } = next as Record<string, unknown>;
      const { rows } = await pool.query<DocumentRow>(update, [ownerOf(next), JSON.stringify(data), Date.now(), id]);
      return told(rows[0] ? toRecord(rows[0]) : null, rows.length > 0);
    },
    async get(id: number) {
      if (!isRecordId(id)) return null;
      const { rows } = await pool.query<DocumentRow>(`SELECT * FROM ${table} WHERE id = $1`, [id]);
      return rows[0] ? toRecord(rows[0]) : null;
    },
    async list(page: PageRequest, filter?: { affiliate_id?: number }): Promise<Page<T>> {
      const where = filter?.affiliate_id === undefined ? '' : 'WHERE affiliate_id = $3';
      const args: unknown[] = [page.limit, (page.page - 1) * page.limit];
      if (filter?.affiliate_id !== undefined) args.push(filter.affiliate_id);
      // One round trip: the window count is the total before LIMIT.
      const { rows } = await pool.query<DocumentRow & { total: number }>(
        `SELECT *, COUNT(*) OVER () AS total FROM ${table} ${where} ORDER BY id DESC LIMIT $1 OFFSET $2`,
        args,
      );
      const total = rows[0]?.total ?? (await countAll(pool, table, where, args.slice(2)));
      return { rows: rows.map(toRecord), total };
    },
    async delete(id: number) {
      if (!isRecordId(id)) return false;
      const { rows } = await pool.query(remove, [id]);
      return told(rows.length > 0, rows.length > 0);
    },
    async all() {
      const { rows } = await pool.query<DocumentRow>(`SELECT * FROM ${table} ORDER BY id`);
      return rows.map(toRecord);
    },
  };
}

/** The count when the requested page is past the end (no row to carry the window count). */
async function countAll(pool: PgPool, table: string, where: string, args: unknown[]): Promise<number> {
  const clause = where.replace('$3', '$1');
  const { rows } = await pool.query<{ total: number }>(`SELECT COUNT(*) AS total FROM ${table} ${clause}`, args);
  return rows[0].total;
}
