/**
 * PostgreSQL migrations of statistics and caps: the counter tables the custom report reads, the
 * per-click `uniq` flag, the conversion's `decline_reason` and the cap counters. See
 * docs/reports-and-caps.md for why the counters are keyed by UTC quarter-hour.
 */
export const PG_REPORT_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '030_report_counters',
    sql: `
      ALTER TABLE clicks ADD COLUMN uniq boolean NOT NULL DEFAULT true;
      ALTER TABLE conversions ADD COLUMN decline_reason text;

      -- q: the UTC quarter-hour (Unix ms / 900000). Every time zone in use has an offset that is a
      -- whole number of quarter hours, so any zone's days and hours are whole sets of quarters.
      CREATE TABLE stat_clicks (
        q bigint NOT NULL, offer_id bigint NOT NULL, affiliate_id bigint NOT NULL,
        advertiser_id bigint NOT NULL, country text NOT NULL, currency text NOT NULL,
        raw bigint NOT NULL, uniq bigint NOT NULL,
        PRIMARY KEY (q, offer_id, affiliate_id, country, currency, advertiser_id)
      );

      -- One row per conversion key; a status change moves the conversion between the status
      -- columns of the row of its creation quarter. a_ approved, p_ pending, d_ declined, h_ hold;
      -- _rev the advertiser's revenue, _pay the payout, _norev/_nopay the conversions with 0 of it.
      -- capped_*: declined conversions whose decline_reason is cap_reached (a part of d_).
      CREATE TABLE stat_conversions (
        q bigint NOT NULL, offer_id bigint NOT NULL, affiliate_id bigint NOT NULL,
        advertiser_id bigint NOT NULL, goal_key text NOT NULL, goal text NOT NULL,
        country text NOT NULL, currency text NOT NULL,
        a_count bigint NOT NULL DEFAULT 0, a_rev bigint NOT NULL DEFAULT 0, a_pay bigint NOT NULL DEFAULT 0,
        a_norev bigint NOT NULL DEFAULT 0, a_nopay bigint NOT NULL DEFAULT 0,
        p_count bigint NOT NULL DEFAULT 0, p_rev bigint NOT NULL DEFAULT 0, p_pay bigint NOT NULL DEFAULT 0,
        p_norev bigint NOT NULL DEFAULT 0, p_nopay bigint NOT NULL DEFAULT 0,
        d_count bigint NOT NULL DEFAULT 0, d_rev bigint NOT NULL DEFAULT 0, d_pay bigint NOT NULL DEFAULT 0,
        d_norev bigint NOT NULL DEFAULT 0, d_nopay bigint NOT NULL DEFAULT 0,
        h_count bigint NOT NULL DEFAULT 0, h_rev bigint NOT NULL DEFAULT 0, h_pay bigint NOT NULL DEFAULT 0,
        h_norev bigint NOT NULL DEFAULT 0, h_nopay bigint NOT NULL DEFAULT 0,
        capped_count bigint NOT NULL DEFAULT 0, capped_pay bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (q, offer_id, affiliate_id, goal_key, country, currency, advertiser_id)
      );

      -- Refused clicks by reason; 0 where the offer or affiliate was not resolved.
      CREATE TABLE stat_refused (
        q bigint NOT NULL, reason text NOT NULL, offer_id bigint NOT NULL, affiliate_id bigint NOT NULL,
        advertiser_id bigint NOT NULL, country text NOT NULL, currency text NOT NULL, n bigint NOT NULL,
        PRIMARY KEY (q, reason, offer_id, affiliate_id, country, currency, advertiser_id)
      );

      -- Conversion and budget cap counters: one row per (rule, window, split key). rule_key names
      -- what the rule counts, so an edited rule starts counting afresh from the stored records.
      CREATE TABLE cap_counters (
        offer_id bigint NOT NULL, rule_key text NOT NULL, window_start bigint NOT NULL,
        goal_key text NOT NULL, affiliate_id bigint NOT NULL, value bigint NOT NULL,
        PRIMARY KEY (offer_id, rule_key, window_start, goal_key, affiliate_id)
      );
    `,
  },
];

/**
 * Added after the people migrations (so at the end of the list): the click's user agent and
 * referrer kept on each conversion, for the outbound macros that name them ({ua}, {uagent},
 * {device_ua}, {referrer}). Conversions stored before this have none.
 */
export const PG_STATS_LATE_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '070_conversion_click_context',
    sql: `
      ALTER TABLE conversions ADD COLUMN user_agent text;
      ALTER TABLE conversions ADD COLUMN referrer text;
    `,
  },
];
