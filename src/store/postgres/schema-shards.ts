/**
 * PostgreSQL migration adding the counter shard (shards.ts) to the key of every counter table
 * written by concurrent writers: the report counters, their rollups and the cap counters. Rows
 * already stored become shard 0; the rollup triggers are replaced by ones that add a counter
 * row's sums to the rollup rows of its own shard (migration 110 drops them later: the counter
 * writes write the rollups themselves, rollup-writes.ts). Conversions and budget cap counters
 * keep shard 0 only: their takes must see one value.
 */
import { CLICK_COUNTERS, CONVERSION_COUNTERS, rollupOnInsert, rollupOnUpdate } from '../report-rollups.js';
import { pgRollupFunction } from './schema-rollups.js';

/** Each counter table and the columns of its key before the shard. */
const KEYED: { table: string; key: string }[] = [
  { table: 'stat_clicks', key: 'q, offer_id, affiliate_id, country, currency, advertiser_id' },
  { table: 'stat_conversions', key: 'q, offer_id, affiliate_id, goal_key, country, currency, advertiser_id' },
  { table: 'stat_refused', key: 'q, reason, offer_id, affiliate_id, country, currency, advertiser_id' },
  { table: 'cap_counters', key: 'offer_id, rule_key, window_start, goal_key, affiliate_id' },
  ...[CLICK_COUNTERS, CONVERSION_COUNTERS].flatMap((counters) =>
    counters.rollups.map((rollup) => ({ table: rollup.table, key: ['q', ...rollup.keys].join(', ') })),
  ),
];

const addShard = KEYED.map(
  ({ table, key }) => `
      ALTER TABLE ${table} ADD COLUMN shard smallint NOT NULL DEFAULT 0;
      ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD PRIMARY KEY (${key}, shard);`,
).join('');

const triggers = [CLICK_COUNTERS, CONVERSION_COUNTERS]
  .map((counters) => {
    const sharded = counters.rollups.map((rollup) => ({ ...rollup, keys: [...rollup.keys, 'shard'] }));
    return pgRollupFunction(
      counters,
      sharded.map((rollup) => `${rollupOnInsert(counters, rollup, 'EXCLUDED')};`),
      sharded.map((rollup) => `${rollupOnUpdate(counters, rollup)};`),
      'CREATE OR REPLACE FUNCTION',
    );
  })
  .join('');

export const PG_SHARD_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: '090_counter_shards',
    sql: `
      CREATE SEQUENCE counter_shard_seq;${addShard}${triggers}`,
  },
];
