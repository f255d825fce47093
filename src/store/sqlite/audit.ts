/** The audit log on SQLite: one row per change, ids in the ObjectId layout (time first). */
import type { AuditEntry, AuditRepo } from '../people.js';
import type { SqliteDb } from './connection.js';
import { newestFirst, Where } from './where.js';
import type { SqliteWriter } from './writer.js';
import { objectIdLowerBound } from '../../domain/object-id.js';

interface AuditRow {
  id: string;
  at: number;
  actor_type: AuditEntry['actor']['type'];
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function sqliteAudit(db: SqliteDb, writer: SqliteWriter): AuditRepo {
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor_type, actor_id, actor_email, action, entity, entity_id, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    async append(entry) {
      await writer.write(() =>
        insert.run(
          entry.id,
          entry.at,
          entry.actor.type,
          entry.actor.id,
          entry.actor.email,
          entry.action,
          entry.entity,
          entry.entity_id,
          entry.before === undefined ? null : JSON.stringify(entry.before),
          entry.after === undefined ? null : JSON.stringify(entry.after),
        ),
      );
    },
    async list(filter, page) {
      const where = new Where();
      if (filter.from !== undefined) where.add('id >= ?', objectIdLowerBound(filter.from));
      if (filter.to !== undefined) where.add('id < ?', objectIdLowerBound(filter.to));
      if (filter.actor_type !== undefined) where.add('actor_type = ?', filter.actor_type);
      if (filter.actor_id !== undefined) where.add('actor_id = ?', filter.actor_id);
      if (filter.actor_email !== undefined) where.add('actor_email = ?', filter.actor_email);
      if (filter.entity !== undefined) where.add('entity = ?', filter.entity);
      if (filter.entity_id !== undefined) where.add('entity_id = ?', filter.entity_id);
      const result = newestFirst<AuditRow>(db, 'audit_log', where, page);
      return {
        total: result.total,
        rows: result.rows.map((row) => ({
          id: row.id,
          at: row.at,
          actor: { type: row.actor_type, id: row.actor_id, email: row.actor_email },
          action: row.action,
          entity: row.entity,
          entity_id: row.entity_id,
          before: parse(row.before),
          after: parse(row.after),
        })),
      };
    },
  };
}
