/**
 * Catalog records (advertisers, affiliates, offers, postback configs) as JSON documents: one
 * generic repository serves every kind. Writes go through the group-commit writer and bump the
 * catalog version so caches elsewhere know to reload; once committed, they tell this process's
 * catalog (catalog-changes.ts) before resolving.
 */
import type { CatalogChanges } from '../catalog-changes.js';
import type { DocumentRepo } from '../store.js';
import { isRecordId } from '../record-id.js';
import type { Page, PageRequest } from '../../domain/entities.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';
import { newestFirst, Where } from './where.js';

type Managed = 'id' | 'created_at' | 'updated_at';

interface DocumentRow {
  id: number;
  data: string;
  created_at: number;
  updated_at: number;
}

export function bumpCatalogVersion(db: SqliteDb): void {
  db.prepare(
    `INSERT INTO settings (key, value) VALUES ('catalog_version', '1')
     ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
  ).run();
}

export function sqliteDocuments<T extends { id: number }>(
  db: SqliteDb,
  writer: SqliteWriter,
  table: string,
  changes: CatalogChanges,
): DocumentRepo<T> {
  const toRecord = (row: DocumentRow): T =>
    ({ ...JSON.parse(row.data), id: row.id, created_at: row.created_at, updated_at: row.updated_at }) as T;
  const ownerOf = (input: object): number | null => {
    const owner = (input as { affiliate_id?: unknown }).affiliate_id;
    return typeof owner === 'number' ? owner : null;
  };
  const insert = db.prepare(
    `INSERT INTO ${table} (affiliate_id, data, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING *`,
  );
  const update = db.prepare(`UPDATE ${table} SET affiliate_id = ?, data = ?, updated_at = ? WHERE id = ? RETURNING *`);
  const get = db.prepare(`SELECT * FROM ${table} WHERE id = ?`);
  const remove = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  const all = db.prepare(`SELECT * FROM ${table} ORDER BY id`);
  /** Passes a committed write's result on once the catalog has seen it (when it changed a row). */
  const told = async <R>(result: R, changed: boolean): Promise<R> => {
    if (changed) await changes.changed();
    return result;
  };

  return {
    async create(input: Omit<T, Managed>) {
      const created = await writer.write(() => {
        const now = Date.now();
        const row = insert.get(ownerOf(input), JSON.stringify(input), now, now) as DocumentRow;
        bumpCatalogVersion(db);
        return toRecord(row);
      });
      return told(created, true);
    },
    async update(id: number, next: Omit<T, Managed>) {
      if (!isRecordId(id)) return null;
      const updated = await writer.write(() => {
        const { id: _id, created_at: _c, updated_at: _u, ...data } = next as Record<string, unknown>;
        const row = update.get(ownerOf(next), JSON.stringify(data), Date.now(), id) as DocumentRow | undefined;
        if (row) bumpCatalogVersion(db);
        return row ? toRecord(row) : null;
      });
      return told(updated, updated !== null);
    },
    async get(id: number) {
      if (!isRecordId(id)) return null;
      const row = get.get(id) as DocumentRow | undefined;
      return row ? toRecord(row) : null;
    },
    async list(page: PageRequest, filter?: { affiliate_id?: number }): Promise<Page<T>> {
      const where = new Where();
      if (filter?.affiliate_id !== undefined) where.add('affiliate_id = ?', filter.affiliate_id);
      const found = newestFirst<DocumentRow>(db, table, where, page);
      return { rows: found.rows.map(toRecord), total: found.total };
    },
    async delete(id: number) {
      if (!isRecordId(id)) return false;
      const removed = await writer.write(() => {
        const gone = remove.run(id).changes > 0;
        if (gone) bumpCatalogVersion(db);
        return gone;
      });
      return told(removed, removed);
    },
    async all() {
      return (all.all() as DocumentRow[]).map(toRecord);
    },
  };
}
