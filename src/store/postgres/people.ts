/**
 * People on PostgreSQL: accounts, one-time links, sessions and failed sign-ins
 * (docs/people.md). Every check that must hold across processes is one statement.
 */
import type { PeopleStore, User, UserChange, UserRepo } from '../people.js';
import { pgAudit } from './audit.js';
import { type PgPool, transaction } from './connection.js';

const CHANGEABLE = [
  'name',
  'role',
  'affiliate_id',
  'disabled',
  'password_hash',
  'totp_secret',
  'totp_pending',
] as const;
const INSERT = `INSERT INTO users (email, name, role, affiliate_id, password_hash, created_at, updated_at)`;

function pgUsers(pool: PgPool): UserRepo {
  const one = async (sql: string, args: unknown[]): Promise<User | null> =>
    (await pool.query<User>(sql, args)).rows[0] ?? null;
  const values = (user: Parameters<UserRepo['create']>[0], now: number) => [
    user.email,
    user.name,
    user.role,
    user.affiliate_id,
    user.password_hash,
    now,
  ];
  return {
    createFirst(user, now) {
      // The lock makes two first admins created at once take turns; the second sees the first.
      return transaction(pool, async (client) => {
        await client.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
        const { rows } = await client.query<User>(
          `${INSERT} SELECT $1, $2, $3, $4, $5, $6, $6 WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING *`,
          values(user, now),
        );
        return rows[0] ?? null;
      });
    },
    create: (user, now) =>
      one(
        `${INSERT} VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (email) DO NOTHING RETURNING *`,
        values(user, now),
      ),
    get: (id) => one('SELECT * FROM users WHERE id = $1', [id]),
    byEmail: (email) => one('SELECT * FROM users WHERE email = $1', [email]),
    async list(page) {
      const [rows, total] = await Promise.all([
        pool.query<User>('SELECT * FROM users ORDER BY id DESC LIMIT $1 OFFSET $2', [
          page.limit,
          (page.page - 1) * page.limit,
        ]),
        this.count(),
      ]);
      return { rows: rows.rows, total };
    },
    async count() {
      return (await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM users')).rows[0].n;
    },
    async activeAdmins() {
      const sql = "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND NOT disabled";
      return (await pool.query<{ n: number }>(sql)).rows[0].n;
    },
    update(id, change: UserChange, now) {
      const fields = CHANGEABLE.filter((name) => change[name] !== undefined);
      const sets = [...fields.map((name, i) => `${name} = $${i + 1}`), `updated_at = $${fields.length + 1}`];
      return one(`UPDATE users SET ${sets.join(', ')} WHERE id = $${fields.length + 2} RETURNING *`, [
        ...fields.map((name) => change[name]),
        now,
        id,
      ]);
    },
    async delete(id) {
      return ((await pool.query('DELETE FROM users WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async useTotpStep(id, step) {
      const result = await pool.query(
        'UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)',
        [step, id],
      );
      return (result.rowCount ?? 0) > 0;
    },
  };
}

export function pgPeople(pool: PgPool): PeopleStore {
  const DAY = 86_400_000;
  return {
    users: pgUsers(pool),
    tokens: {
      async issue(token) {
        await transaction(pool, async (client) => {
          await client.query('DELETE FROM user_tokens WHERE user_id = $1 AND used_at IS NULL', [token.user_id]);
          await client.query(
            'INSERT INTO user_tokens (token_hash, user_id, kind, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)',
            [token.token_hash, token.user_id, token.kind, token.expires_at, token.created_at],
          );
        });
      },
      async consume(hash, now) {
        const { rows } = await pool.query(
          `UPDATE user_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
           RETURNING token_hash, user_id, kind, expires_at, created_at`,
          [now, hash],
        );
        return rows[0] ?? null;
      },
    },
    sessions: {
      async get(idHash, now) {
        const { rows } = await pool.query(
          'SELECT user_id, data, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2',
          [idHash, now],
        );
        return rows[0] ?? null;
      },
      async save(idHash, row, now) {
        await pool.query(
          `INSERT INTO sessions (id_hash, user_id, data, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id_hash) DO UPDATE SET user_id = excluded.user_id, data = excluded.data,
             expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
          [idHash, row.user_id, row.data, row.expires_at, now],
        );
        // Expired sessions are removed as new ones are saved: the table holds live ones only.
        await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
      },
      async delete(idHash) {
        await pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
      },
      async deleteForUser(userId, keepHash = '') {
        await pool.query('DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2', [userId, keepHash]);
      },
    },
    loginFailures: {
      async record(email, ip, at) {
        await pool.query('INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)', [email, ip, at]);
        await pool.query('DELETE FROM login_failures WHERE at < $1', [at - DAY]);
      },
      async recent(email, ip, since, limit) {
        const times = async (column: 'email' | 'ip', value: string) => {
          const { rows } = await pool.query<{ at: number }>(
            `SELECT at FROM login_failures WHERE ${column} = $1 AND at >= $2 ORDER BY at DESC LIMIT $3`,
            [value, since, limit],
          );
          return rows.map((row) => row.at);
        };
        const [byEmail, byIp] = await Promise.all([times('email', email), times('ip', ip)]);
        return { email: byEmail, ip: byIp };
      },
      async clearEmail(email) {
        await pool.query('DELETE FROM login_failures WHERE email = $1', [email]);
      },
    },
    audit: pgAudit(pool),
  };
}
