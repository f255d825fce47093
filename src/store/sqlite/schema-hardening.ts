/**
 * SQLite migrations of hardening: delivery trouble per outbound configuration, so one whose
 * receiver keeps failing is paused instead of hammered (docs/api.md, "Delivery").
 */
export const SQLITE_HARDENING_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '060_outbound_health',
    sql: `
      -- One row per configuration (kind: postback, tracking_event, cross_postback; source_id: its
      -- id) with failed deliveries since its last success; paused_at set once it is paused.
      CREATE TABLE outbound_health (
        kind TEXT NOT NULL, source_id INTEGER NOT NULL, affiliate_id INTEGER,
        consecutive_failures INTEGER NOT NULL, last_error TEXT, last_http_code INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL, paused_at INTEGER,
        PRIMARY KEY (kind, source_id)
      ) WITHOUT ROWID;
      -- Jobs held for a paused configuration, found again when it is re-enabled.
      CREATE INDEX outbound_paused ON outbound (kind, source_id) WHERE state = 'paused';
    `,
  },
];
