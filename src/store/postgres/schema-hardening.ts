/**
 * PostgreSQL migrations of hardening: delivery trouble per outbound configuration, so one whose
 * receiver keeps failing is paused instead of hammered (docs/api.md, "Delivery").
 */
export const PG_HARDENING_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '060_outbound_health',
    sql: `
      -- One row per configuration (kind: postback, tracking_event, cross_postback; source_id: its
      -- id) with failed deliveries since its last success; paused_at set once it is paused.
      CREATE TABLE outbound_health (
        kind text NOT NULL, source_id bigint NOT NULL, affiliate_id bigint,
        consecutive_failures integer NOT NULL, last_error text, last_http_code integer NOT NULL,
        last_failure_at bigint NOT NULL, paused_at bigint,
        PRIMARY KEY (kind, source_id)
      );
      -- Jobs held for a paused configuration, found again when it is re-enabled.
      CREATE INDEX outbound_paused ON outbound (kind, source_id) WHERE state = 'paused';
    `,
  },
];
