/**
 * SQLite migrations, applied in order at open; each runs once, inside a transaction, and is
 * recorded in schema_migrations. Add new ones at the end, never edit an applied one.
 *
 * Ids of clicks, log rows and outbound rows begin with their creation time (ObjectId layout),
 * so date ranges and retention are id ranges on the primary key and need no extra index.
 */
import { SQLITE_HARDENING_MIGRATIONS } from './schema-hardening.js';
import { SQLITE_REPORT_MIGRATIONS, SQLITE_STATS_LATE_MIGRATIONS } from './schema-reports.js';
import { SQLITE_ROLLUP_MIGRATIONS } from './schema-rollups.js';
export const SQLITE_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '001_initial',
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

      -- Catalog records are JSON documents: few, small, read through an in-memory cache.
      CREATE TABLE advertisers (id INTEGER PRIMARY KEY AUTOINCREMENT, affiliate_id INTEGER, data TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE affiliates (id INTEGER PRIMARY KEY AUTOINCREMENT, affiliate_id INTEGER, data TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE offers (id INTEGER PRIMARY KEY AUTOINCREMENT, affiliate_id INTEGER, data TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE affiliate_postbacks (id INTEGER PRIMARY KEY AUTOINCREMENT, affiliate_id INTEGER, data TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE INDEX affiliate_postbacks_affiliate ON affiliate_postbacks (affiliate_id);
      CREATE TABLE tracking_events (id INTEGER PRIMARY KEY AUTOINCREMENT, affiliate_id INTEGER, data TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE INDEX tracking_events_affiliate ON tracking_events (affiliate_id);

      CREATE TABLE clicks (
        clickid TEXT PRIMARY KEY, offer_id INTEGER NOT NULL, affiliate_id INTEGER NOT NULL,
        subs TEXT, ip TEXT NOT NULL, user_agent TEXT, country TEXT, referrer TEXT, created_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE conversions (
        id TEXT PRIMARY KEY, clickid TEXT NOT NULL, action_id TEXT NOT NULL, offer_id INTEGER NOT NULL,
        advertiser_id INTEGER NOT NULL, affiliate_id INTEGER NOT NULL, goal TEXT NOT NULL, goal_key TEXT NOT NULL,
        goal_title TEXT NOT NULL, status INTEGER NOT NULL, sum INTEGER, revenue INTEGER NOT NULL,
        payout INTEGER NOT NULL, currency TEXT NOT NULL, country TEXT, ip TEXT, comment TEXT,
        custom_fields TEXT NOT NULL, subs TEXT, click_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL, hold_until INTEGER, delta INTEGER NOT NULL,
        -- identity keys (docs/api.md, "Identity"): action_key is null in mode "yes" without action_id
        action_key TEXT, once_clickid TEXT
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX conversions_identity ON conversions (offer_id, goal_key, action_key);
      CREATE UNIQUE INDEX conversions_once_per_click ON conversions (once_clickid, goal_key) WHERE once_clickid IS NOT NULL;
      -- No created_at or clickid index: ids begin with the creation time, so date filters are
      -- id ranges, and a clickid filter is checked inside that range. Postbacks convert clicks
      -- in random order, and every such index would cost a random page write per conversion.
      CREATE INDEX conversions_hold ON conversions (hold_until) WHERE status = 5;

      CREATE TABLE postback_log (
        id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, offer_id INTEGER, advertiser_id INTEGER,
        affiliate_id INTEGER, clickid TEXT, status TEXT, goal TEXT, action_id TEXT, ip TEXT NOT NULL,
        integration TEXT NOT NULL, delta INTEGER, params TEXT NOT NULL, response TEXT NOT NULL,
        response_status INTEGER NOT NULL,
        -- lower-cased parameter values, one per line: the haystack of the "search" filter
        search_text TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE outbound (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, source_id INTEGER NOT NULL, conversion_id TEXT NOT NULL,
        affiliate_id INTEGER NOT NULL, offer_id INTEGER NOT NULL, goal TEXT NOT NULL, status INTEGER NOT NULL,
        payout INTEGER NOT NULL, revenue INTEGER NOT NULL, currency TEXT NOT NULL, notice TEXT,
        url TEXT NOT NULL, method TEXT NOT NULL, body TEXT, signing_secret TEXT, integration TEXT NOT NULL,
        state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, http_code INTEGER NOT NULL DEFAULT 0,
        error TEXT, next_attempt_at INTEGER NOT NULL, lease_until INTEGER,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX outbound_due ON outbound (next_attempt_at) WHERE state IN ('pending', 'retrying');
      CREATE INDEX outbound_conversion ON outbound (conversion_id);
      CREATE TABLE outbound_attempts (
        job_id TEXT NOT NULL, attempt INTEGER NOT NULL, at INTEGER NOT NULL, http_code INTEGER NOT NULL,
        error TEXT, duration_ms INTEGER NOT NULL, PRIMARY KEY (job_id, attempt)
      ) WITHOUT ROWID;

      CREATE TABLE share_links (
        token TEXT PRIMARY KEY, slice TEXT NOT NULL, filters TEXT NOT NULL, expires_at INTEGER,
        revoked_at INTEGER, created_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    // Failed key attempts per address ('*': everyone) and window (http/key-limiter.ts).
    name: '010_key_failures',
    sql: `
      CREATE TABLE key_failures (
        scope TEXT NOT NULL, window_start INTEGER NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (scope, window_start)
      ) WITHOUT ROWID;
    `,
  },
  ...SQLITE_REPORT_MIGRATIONS,
  {
    // Accounts, one-time links, sessions, failed sign-ins and the audit log (docs/people.md).
    name: '020_people',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
        affiliate_id INTEGER, password_hash TEXT, disabled INTEGER NOT NULL DEFAULT 0, totp_secret TEXT,
        totp_pending TEXT, totp_last_step INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX users_email ON users (email);
      CREATE TABLE user_tokens (
        token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, kind TEXT NOT NULL, expires_at INTEGER NOT NULL,
        used_at INTEGER, created_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX user_tokens_user ON user_tokens (user_id);
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, data TEXT NOT NULL, expires_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expiry ON sessions (expires_at);
      CREATE TABLE login_failures (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, ip TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX login_failures_email ON login_failures (email, at);
      CREATE INDEX login_failures_ip ON login_failures (ip, at);
      CREATE INDEX login_failures_at ON login_failures (at);
      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY, at INTEGER NOT NULL, actor_type TEXT NOT NULL, actor_id INTEGER, actor_email TEXT,
        action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT, before TEXT, after TEXT
      ) WITHOUT ROWID;
      CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
    `,
  },
  ...SQLITE_STATS_LATE_MIGRATIONS,
  ...SQLITE_HARDENING_MIGRATIONS,
  ...SQLITE_ROLLUP_MIGRATIONS,
];
