/**
 * Conversion counters on PostgreSQL, written in the conversion's own statement or transaction:
 * a creation batch adds its new conversions (a CTE over the inserted rows, summed per counter
 * row, rows in key order), a status change or cap decision adds its column deltas to the
 * conversion's own row. Both write the writer's counter shard (shards.ts), and the rollups in
 * the same statement (rollup-writes.ts).
 */
import { CONVERSION_DELTA_COLUMNS, conversionKey } from '../counter-deltas.js';
import type { Conversion } from '../../domain/entities.js';
import type { PgClient } from './connection.js';
import { CONVERSION_COUNTERS } from '../report-rollups.js';
import { rollupCtes } from './rollup-writes.js';

const KEY = 'q, offer_id, affiliate_id, goal_key, country, currency, advertiser_id';
const UPDATE_SET = CONVERSION_DELTA_COLUMNS.map((c) => `${c} = stat_conversions.${c} + EXCLUDED.${c}`).join(', ');
const STATUS: Record<string, number> = { a: 1, p: 2, d: 3, h: 5 };

function sumOf(column: string): string {
  // A part of d_: the declined conversions a cap declined (conversionColumns in counter-deltas.ts).
  if (column.startsWith('capped_')) {
    const value = column === 'capped_count' ? '1' : 'payout';
    return `SUM(CASE WHEN status = 3 AND decline_reason = 'cap_reached' THEN ${value} ELSE 0 END)`;
  }
  const [prefix, measure] = column.split('_');
  const value =
    measure === 'count'
      ? '1'
      : measure === 'rev'
        ? 'revenue'
        : measure === 'pay'
          ? 'payout'
          : measure === 'norev'
            ? 'CASE WHEN revenue = 0 THEN 1 ELSE 0 END'
            : 'CASE WHEN payout = 0 THEN 1 ELSE 0 END';
  return `SUM(CASE WHEN status = ${STATUS[prefix]} THEN ${value} ELSE 0 END)`;
}

/** The name of statsFromInserted's CTE writing the counter rows, for a later CTE to wait on. */
export const STATS_CTE = 'stats';

/**
 * CTEs adding the rows of `source` (conversions just inserted by a creation batch, some of them
 * possibly declined by a cap) to their counters in counter shard `shard` (an SQL expression):
 * `conversion_sums` (the batch summed per counter row), STATS_CTE (the counter rows, `RETURNING 1`
 * when `returning`, for a later CTE to wait on) and the rollups' (rollup-writes.ts).
 */
export function statsFromInserted(source: string, shard: string, returning = false): string {
  return `conversion_sums AS (
    SELECT created_at / 900000 AS q, offer_id, affiliate_id, goal_key, COALESCE(country, '') AS country, currency,
      advertiser_id, ${shard} AS shard, MIN(goal) AS goal,
      ${CONVERSION_DELTA_COLUMNS.map((column) => `${sumOf(column)}::bigint AS ${column}`).join(', ')}
    FROM ${source} GROUP BY 1, 2, 3, 4, 5, 6, 7),
  ${STATS_CTE} AS (
    INSERT INTO stat_conversions (${KEY}, shard, goal, ${CONVERSION_DELTA_COLUMNS.join(', ')})
    SELECT ${KEY}, shard, goal, ${CONVERSION_DELTA_COLUMNS.join(', ')} FROM conversion_sums ORDER BY ${KEY}
    ON CONFLICT (${KEY}, shard) DO UPDATE SET ${UPDATE_SET}${returning ? ' RETURNING 1' : ''}),
  ${rollupCtes(CONVERSION_COUNTERS, 'conversion_sums')}`;
}

/** The columns `inserted` must return for statsFromInserted. */
export const INSERTED_COLUMNS =
  'id, created_at, offer_id, affiliate_id, goal_key, country, currency, advertiser_id, goal, status, revenue, payout, decline_reason';

/** One counter row's deltas, and its rollups', in one statement. */
const UPSERT_ONE = `WITH delta AS (
    SELECT $1::bigint AS q, $2::bigint AS offer_id, $3::bigint AS affiliate_id, $4::text AS goal_key,
      $5::text AS country, $6::text AS currency, $7::bigint AS advertiser_id, $8::smallint AS shard, $9::text AS goal,
      ${CONVERSION_DELTA_COLUMNS.map((column, i) => `$${10 + i}::bigint AS ${column}`).join(', ')}),
  ${rollupCtes(CONVERSION_COUNTERS, 'delta')}
  INSERT INTO stat_conversions (${KEY}, shard, goal, ${CONVERSION_DELTA_COLUMNS.join(', ')})
  SELECT ${KEY}, shard, goal, ${CONVERSION_DELTA_COLUMNS.join(', ')} FROM delta
  ON CONFLICT (${KEY}, shard) DO UPDATE SET ${UPDATE_SET}`;

/** Adds column deltas to the counter row of conversion `c` (and its rollups) in counter shard `shard`. */
export async function addConversionDeltas(
  client: PgClient,
  c: Conversion,
  deltas: Record<string, number>,
  shard: number,
): Promise<void> {
  await client.query({
    name: 'stat_conversions_upsert',
    text: UPSERT_ONE,
    values: [...conversionKey(c), shard, c.goal, ...CONVERSION_DELTA_COLUMNS.map((column) => deltas[column] ?? 0)],
  });
}
