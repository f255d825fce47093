/**
 * Errors that mean "the database cannot take this now" rather than "this request is wrong": a
 * full disk, an I/O error, a lock held too long (SQLite), a server that is down, restarting,
 * unreachable or out of connections (PostgreSQL). The API answers them 503 with Retry-After,
 * so callers (advertisers' postback senders, visitors' browsers) retry; since every answer is
 * sent only after its commit, nothing answered 503 was recorded, and nothing recorded is lost.
 */

/** SQLite result codes (better-sqlite3's `code`) of a database that cannot write now. */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|READONLY|NOMEM|PROTOCOL)/;

/**
 * PostgreSQL SQLSTATE classes and codes of a server that cannot serve now: 08 connection
 * exception, 53 insufficient resources (disk full, out of memory, too many connections), 57P01-03
 * shutdown or start-up in progress, 58 system error (I/O).
 */
const PG_UNAVAILABLE = /^(08|53|57P0[123]|58)/;

/** Node socket errors, and pg's own texts for a connection that died or never came. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const PG_CONNECTION_TEXT =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|not queryable|Cannot use a pool after calling end/i;

/**
 * A write refused because the group commit's backlog is full (WRITE_QUEUE_MAX): the database
 * is not keeping up, so the request is answered 503 like any other "cannot write now".
 */
export class WriteBacklogFull extends Error {
  readonly code = 'TRACKPOST_WRITE_BACKLOG_FULL';
  constructor(limit: number) {
    super(`Write backlog full (${limit} writes waiting)`);
  }
}

/** Seconds a client is asked to wait before retrying. */
export const UNAVAILABLE_RETRY_AFTER_S = 2;

/** True when `error` says the database is out of reach or out of space, not that the input was bad. */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SQLITE_UNAVAILABLE.test(code) || NETWORK_CODES.has(code)) return true;
    if (code === 'TRACKPOST_WRITE_BACKLOG_FULL') return true;
    if (/^[0-9A-Z]{5}$/.test(code) && PG_UNAVAILABLE.test(code)) return true;
  }
  return typeof message === 'string' && PG_CONNECTION_TEXT.test(message);
}
