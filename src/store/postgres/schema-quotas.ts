/**
 * PostgreSQL migration adding per-writer quotas to the cap counters (cap-quotas.ts). A row of a
 * conversions or budget counter in a shard other than 0 belongs to one writer: `value` is what
 * that writer took through it, `quota` the most it may take through it without the other rows
 * locked, granted under the rule limit `quota_limit`. Rows stored before this hold no quota.
 */
export const PG_QUOTA_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '100_cap_quotas',
    sql: `
      ALTER TABLE cap_counters ADD COLUMN quota bigint NOT NULL DEFAULT 0, ADD COLUMN quota_limit bigint;`,
  },
];
