/**
 * SQLite migrations of statistics and caps: the counter tables the custom report reads, the
 * per-click `uniq` flag, the conversion's `decline_reason` and the cap counters. See
 * docs/reports-and-caps.md for why the counters are keyed by UTC quarter-hour.
 */
export const SQLITE_REPORT_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '030_report_counters',
    sql: `
      ALTER TABLE clicks ADD COLUMN uniq INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE conversions ADD COLUMN decline_reason TEXT;

      -- q: the UTC quarter-hour (Unix ms / 900000). Every time zone in use has an offset that is a
      -- whole number of quarter hours, so any zone's days and hours are whole sets of quarters.
      CREATE TABLE stat_clicks (
        q INTEGER NOT NULL, offer_id INTEGER NOT NULL, affiliate_id INTEGER NOT NULL,
        advertiser_id INTEGER NOT NULL, country TEXT NOT NULL, currency TEXT NOT NULL,
        raw INTEGER NOT NULL, uniq INTEGER NOT NULL,
        PRIMARY KEY (q, offer_id, affiliate_id, country, currency, advertiser_id)
      ) WITHOUT ROWID;

      -- One row per conversion key; a status change moves the conversion between the status
      -- columns of the row of its creation quarter. a_ approved, p_ pending, d_ declined, h_ hold;
      -- _rev the advertiser's revenue, _pay the payout, _norev/_nopay the conversions with 0 of it.
      -- capped_*: declined conversions whose decline_reason is cap_reached (a part of d_).
      CREATE TABLE stat_conversions (
        q INTEGER NOT NULL, offer_id INTEGER NOT NULL, affiliate_id INTEGER NOT NULL,
        advertiser_id INTEGER NOT NULL, goal_key TEXT NOT NULL, goal TEXT NOT NULL,
        country TEXT NOT NULL, currency TEXT NOT NULL,
        a_count INTEGER NOT NULL DEFAULT 0, a_rev INTEGER NOT NULL DEFAULT 0, a_pay INTEGER NOT NULL DEFAULT 0,
        a_norev INTEGER NOT NULL DEFAULT 0, a_nopay INTEGER NOT NULL DEFAULT 0,
        p_count INTEGER NOT NULL DEFAULT 0, p_rev INTEGER NOT NULL DEFAULT 0, p_pay INTEGER NOT NULL DEFAULT 0,
        p_norev INTEGER NOT NULL DEFAULT 0, p_nopay INTEGER NOT NULL DEFAULT 0,
        d_count INTEGER NOT NULL DEFAULT 0, d_rev INTEGER NOT NULL DEFAULT 0, d_pay INTEGER NOT NULL DEFAULT 0,
        d_norev INTEGER NOT NULL DEFAULT 0, d_nopay INTEGER NOT NULL DEFAULT 0,
        h_count INTEGER NOT NULL DEFAULT 0, h_rev INTEGER NOT NULL DEFAULT 0, h_pay INTEGER NOT NULL DEFAULT 0,
        h_norev INTEGER NOT NULL DEFAULT 0, h_nopay INTEGER NOT NULL DEFAULT 0,
        capped_count INTEGER NOT NULL DEFAULT 0, capped_pay INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (q, offer_id, affiliate_id, goal_key, country, currency, advertiser_id)
      ) WITHOUT ROWID;

      -- Refused clicks by reason; 0 where the offer or affiliate was not resolved.
      CREATE TABLE stat_refused (
        q INTEGER NOT NULL, reason TEXT NOT NULL, offer_id INTEGER NOT NULL, affiliate_id INTEGER NOT NULL,
        advertiser_id INTEGER NOT NULL, country TEXT NOT NULL, currency TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (q, reason, offer_id, affiliate_id, country, currency, advertiser_id)
      ) WITHOUT ROWID;

      -- Conversion and budget cap counters: one row per (rule, window, split key). rule_key names
      -- what the rule counts, so an edited rule starts counting afresh from the stored records.
      CREATE TABLE cap_counters (
        offer_id INTEGER NOT NULL, rule_key TEXT NOT NULL, window_start INTEGER NOT NULL,
        goal_key TEXT NOT NULL, affiliate_id INTEGER NOT NULL, value INTEGER NOT NULL,
        PRIMARY KEY (offer_id, rule_key, window_start, goal_key, affiliate_id)
      ) WITHOUT ROWID;
    `,
  },
];

/**
 * Added after the people migrations (so at the end of the list): the click's user agent and
 * referrer kept on each conversion, for the outbound macros that name them ({ua}, {uagent},
 * {device_ua}, {referrer}). Conversions stored before this have none.
 */
export const SQLITE_STATS_LATE_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '070_conversion_click_context',
    sql: `
      ALTER TABLE conversions ADD COLUMN user_agent TEXT;
      ALTER TABLE conversions ADD COLUMN referrer TEXT;
    `,
  },
];
