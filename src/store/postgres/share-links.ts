/** Share links (docs/api.md, "Share links"). */
import type { ShareLink } from '../../domain/entities.js';
import type { ShareLinkRepo } from '../store.js';
import type { PgPool } from './connection.js';

export function pgShareLinks(pool: PgPool): ShareLinkRepo {
  return {
    async create(link) {
      await pool.query(
        'INSERT INTO share_links (token, slice, filters, expires_at, revoked_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [link.token, link.slice, JSON.stringify(link.filters), link.expires_at, link.revoked_at, link.created_at],
      );
    },
    async get(token) {
      const { rows } = await pool.query<ShareLink>('SELECT * FROM share_links WHERE token = $1', [token]);
      return rows[0] ?? null;
    },
    async revoke(token, now) {
      const result = await pool.query(
        'UPDATE share_links SET revoked_at = $1 WHERE token = $2 AND revoked_at IS NULL',
        [now, token],
      );
      return (result.rowCount ?? 0) > 0;
    },
  };
}
