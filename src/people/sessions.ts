/**
 * Server-side sessions (docs/people.md): @fastify/session with a store over the database, so
 * a session ended in one process (sign-out, password change, "sign out everywhere", an
 * account disabled) is refused by every process at its next request. The cookie holds only a
 * random id, signed; the table keys sessions by the id's SHA-256, so reading the database does
 * not hand out live sessions. Idle timeout: 12 hours, renewed by every request.
 *
 * Registered only in the scope of the JSON APIs (app.ts): tracking routes never see it.
 */
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import session, { type SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { sha256 } from '../http/hash.js';
import type { App } from '../http/types.js';
import type { SessionRepo } from '../store/people.js';

declare module 'fastify' {
  interface Session {
    /** The signed-in account. */
    user_id?: number;
    /** Signed in, but the role requires a second factor the account has yet to set up. */
    totp_setup?: boolean;
    /** A staff session viewing the affiliate portal as this affiliate, read-only (impersonation.ts). */
    as_affiliate?: number;
  }
}

export const SESSION_COOKIE = 'trackpost_session';
export const IDLE_TIMEOUT_MS = 12 * 3_600_000;
const SECRET_SETTING = 'session_secret';

/** The session id as the database knows it. */
export const sessionKey = (sessionId: string): string => sha256(sessionId);

/** @fastify/session's store interface over SessionRepo. Sessions without an account are not kept. */
export function databaseSessionStore(repo: SessionRepo): SessionStore {
  return {
    set(sessionId, data, done) {
      const userId = data.user_id;
      if (typeof userId !== 'number') return done();
      const now = Date.now();
      repo
        .save(
          sessionKey(sessionId),
          { user_id: userId, data: JSON.stringify(data), expires_at: now + IDLE_TIMEOUT_MS },
          now,
        )
        .then(() => done(), done);
    },
    get(sessionId, done) {
      repo
        .get(sessionKey(sessionId), Date.now())
        .then((row) => done(null, row ? (JSON.parse(row.data) as Session) : null), done);
    },
    destroy(sessionId, done) {
      repo.delete(sessionKey(sessionId)).then(() => done(), done);
    },
  };
}

/**
 * Cookies, sessions and CSRF tokens for the scope `api`. The cookie-signing secret is made
 * once and kept in the settings table, so every process signs alike.
 */
export async function installSessions(api: App, ctx: AppContext): Promise<void> {
  const secret = await ctx.store.settings.setIfAbsent(SECRET_SETTING, randomBytes(32).toString('hex'));
  await api.register(cookie);
  await api.register(session, {
    secret,
    cookieName: SESSION_COOKIE,
    store: databaseSessionStore(ctx.store.people.sessions),
    saveUninitialized: false,
    rolling: true,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      // From configuration, never guessed from the request's scheme (docs/people.md).
      secure: ctx.config.sessionCookieSecure,
      maxAge: IDLE_TIMEOUT_MS,
    },
  });
  await api.register(csrf, {
    sessionPlugin: '@fastify/session',
    // Only the header: a token in a form field or query string would end up in logs and caches.
    getToken: (request) => {
      const header = request.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
}
