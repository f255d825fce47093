/** Share links (docs/api.md, "Share links"). */
import type { ShareLink } from '../../domain/entities.js';
import type { ShareLinkRepo } from '../store.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';

interface ShareRow extends Omit<ShareLink, 'filters'> {
  filters: string;
}

export function sqliteShareLinks(db: SqliteDb, writer: SqliteWriter): ShareLinkRepo {
  const insert = db.prepare(
    'INSERT INTO share_links (token, slice, filters, expires_at, revoked_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const get = db.prepare('SELECT * FROM share_links WHERE token = ?');
  const revoke = db.prepare('UPDATE share_links SET revoked_at = ? WHERE token = ? AND revoked_at IS NULL');
  return {
    async create(link) {
      await writer.write(() =>
        insert.run(
          link.token,
          link.slice,
          JSON.stringify(link.filters),
          link.expires_at,
          link.revoked_at,
          link.created_at,
        ),
      );
    },
    async get(token) {
      const row = get.get(token) as ShareRow | undefined;
      return row ? { ...row, filters: JSON.parse(row.filters) } : null;
    },
    revoke(token, now) {
      return writer.write(() => revoke.run(now, token).changes > 0);
    },
  };
}
