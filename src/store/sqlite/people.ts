/**
 * People on SQLite: accounts, one-time links, sessions and failed sign-ins (docs/people.md).
 * Writes go through the group-commit writer like every other write; reads use the connection.
 */
import type { PeopleStore, User, UserChange, UserRepo } from '../people.js';
import { sqliteAudit } from './audit.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';

interface UserRow extends Omit<User, 'disabled'> {
  disabled: number;
}

const toUser = (row: UserRow | undefined): User | null => (row ? { ...row, disabled: row.disabled === 1 } : null);

const CHANGEABLE = [
  'name',
  'role',
  'affiliate_id',
  'disabled',
  'password_hash',
  'totp_secret',
  'totp_pending',
] as const;

function sqliteUsers(db: SqliteDb, writer: SqliteWriter): UserRepo {
  const insert = db.prepare(
    `INSERT INTO users (email, name, role, affiliate_id, password_hash, created_at, updated_at)
     VALUES (@email, @name, @role, @affiliate_id, @password_hash, @now, @now) ON CONFLICT (email) DO NOTHING`,
  );
  const get = db.prepare('SELECT * FROM users WHERE id = ?');
  const byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
  const count = db.prepare('SELECT COUNT(*) FROM users').pluck();
  const admins = db.prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0").pluck();
  const page = db.prepare('SELECT * FROM users ORDER BY id DESC LIMIT ? OFFSET ?');
  const remove = db.prepare('DELETE FROM users WHERE id = ?');
  const useStep = db.prepare(
    'UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
  );
  const create = (user: Parameters<UserRepo['create']>[0], now: number) => {
    const result = insert.run({ ...user, now });
    return result.changes > 0 ? toUser(get.get(result.lastInsertRowid) as UserRow) : null;
  };
  return {
    // One connection writes at a time, so the count and the insert cannot interleave with another's.
    createFirst: (user, now) => writer.write(() => ((count.get() as number) > 0 ? null : create(user, now))),
    create: (user, now) => writer.write(() => create(user, now)),
    async get(id) {
      return toUser(get.get(id) as UserRow | undefined);
    },
    async byEmail(email) {
      return toUser(byEmail.get(email) as UserRow | undefined);
    },
    async list(request) {
      const rows = page.all(request.limit, (request.page - 1) * request.limit) as UserRow[];
      return { rows: rows.map((row) => toUser(row) as User), total: count.get() as number };
    },
    async count() {
      return count.get() as number;
    },
    async activeAdmins() {
      return admins.get() as number;
    },
    update(id, change: UserChange, now) {
      const fields = CHANGEABLE.filter((name) => change[name] !== undefined);
      const values = fields.map((name) => (name === 'disabled' ? (change.disabled ? 1 : 0) : change[name]));
      const sets = [...fields.map((name) => `${name} = ?`), 'updated_at = ?'].join(', ');
      const statement = db.prepare(`UPDATE users SET ${sets} WHERE id = ?`);
      return writer.write(() => {
        if (statement.run(...values, now, id).changes === 0) return null;
        return toUser(get.get(id) as UserRow);
      });
    },
    delete: (id) => writer.write(() => remove.run(id).changes > 0),
    useTotpStep: (id, step) => writer.write(() => useStep.run(step, id, step).changes > 0),
  };
}

export function sqlitePeople(db: SqliteDb, writer: SqliteWriter): PeopleStore {
  const issueDelete = db.prepare('DELETE FROM user_tokens WHERE user_id = ? AND used_at IS NULL');
  const issueInsert = db.prepare(
    'INSERT INTO user_tokens (token_hash, user_id, kind, expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const consume = db.prepare(
    `UPDATE user_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
     RETURNING token_hash, user_id, kind, expires_at, created_at`,
  );
  const sessionGet = db.prepare('SELECT user_id, data, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?');
  const sessionSave = db.prepare(
    `INSERT INTO sessions (id_hash, user_id, data, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id_hash) DO UPDATE SET user_id = excluded.user_id, data = excluded.data,
       expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
  );
  const sessionPurge = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const sessionDelete = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const sessionsOfUser = db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash != ?');
  const failureInsert = db.prepare('INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)');
  const failurePurge = db.prepare('DELETE FROM login_failures WHERE at < ?');
  const failuresByEmail = db.prepare(
    'SELECT at FROM login_failures WHERE email = ? AND at >= ? ORDER BY at DESC LIMIT ?',
  );
  const failuresByIp = db.prepare('SELECT at FROM login_failures WHERE ip = ? AND at >= ? ORDER BY at DESC LIMIT ?');
  const failureClear = db.prepare('DELETE FROM login_failures WHERE email = ?');
  const DAY = 86_400_000;
  return {
    users: sqliteUsers(db, writer),
    tokens: {
      async issue(token) {
        await writer.write(() => {
          issueDelete.run(token.user_id);
          issueInsert.run(token.token_hash, token.user_id, token.kind, token.expires_at, token.created_at);
        });
      },
      consume: (hash, now) => writer.write(() => (consume.get(now, hash, now) as never) ?? null),
    },
    sessions: {
      async get(idHash, now) {
        return (sessionGet.get(idHash, now) as never) ?? null;
      },
      async save(idHash, row, now) {
        await writer.write(() => {
          sessionSave.run(idHash, row.user_id, row.data, row.expires_at, now);
          // Expired sessions are removed as new ones are saved: the table holds live ones only.
          sessionPurge.run(now);
        });
      },
      async delete(idHash) {
        await writer.write(() => sessionDelete.run(idHash));
      },
      async deleteForUser(userId, keepHash = '') {
        await writer.write(() => sessionsOfUser.run(userId, keepHash));
      },
    },
    loginFailures: {
      async record(email, ip, at) {
        await writer.write(() => {
          failureInsert.run(email, ip, at);
          failurePurge.run(at - DAY);
        });
      },
      async recent(email, ip, since, limit) {
        const times = (rows: unknown[]) => (rows as { at: number }[]).map((row) => row.at);
        return {
          email: times(failuresByEmail.all(email, since, limit)),
          ip: times(failuresByIp.all(ip, since, limit)),
        };
      },
      async clearEmail(email) {
        await writer.write(() => failureClear.run(email));
      },
    },
    audit: sqliteAudit(db, writer),
  };
}
