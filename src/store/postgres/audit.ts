/** The audit log on PostgreSQL: one row per change, ids in the ObjectId layout (time first). */
import { objectIdLowerBound } from '../../domain/object-id.js';
import type { AuditEntry, AuditRepo } from '../people.js';
import type { PgPool } from './connection.js';
import { countAndPage } from './page.js';
import { Where } from './where.js';

interface AuditRow {
  id: string;
  at: number;
  actor_type: AuditEntry['actor']['type'];
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

export function pgAudit(pool: PgPool): AuditRepo {
  return {
    async append(entry) {
      await pool.query(
        `INSERT INTO audit_log (id, at, actor_type, actor_id, actor_email, action, entity, entity_id, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          entry.id,
          entry.at,
          entry.actor.type,
          entry.actor.id,
          entry.actor.email,
          entry.action,
          entry.entity,
          entry.entity_id,
          json(entry.before),
          json(entry.after),
        ],
      );
    },
    async list(filter, page) {
      const where = new Where();
      if (filter.from !== undefined) where.add('id >= $', objectIdLowerBound(filter.from));
      if (filter.to !== undefined) where.add('id < $', objectIdLowerBound(filter.to));
      if (filter.actor_type !== undefined) where.add('actor_type = $', filter.actor_type);
      if (filter.actor_id !== undefined) where.add('actor_id = $', filter.actor_id);
      if (filter.actor_email !== undefined) where.add('actor_email = $', filter.actor_email);
      if (filter.entity !== undefined) where.add('entity = $', filter.entity);
      if (filter.entity_id !== undefined) where.add('entity_id = $', filter.entity_id);
      const result = await countAndPage<AuditRow>(pool, 'audit_log', where, 'id DESC', page);
      return {
        total: result.total,
        rows: result.rows.map((row) => ({
          id: row.id,
          at: row.at,
          actor: { type: row.actor_type, id: row.actor_id, email: row.actor_email },
          action: row.action,
          entity: row.entity,
          entity_id: row.entity_id,
          before: row.before,
          after: row.after,
        })),
      };
    },
  };
}
