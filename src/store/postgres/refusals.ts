/**
 * Refused clicks on PostgreSQL: only counted (no row is stored). Refusals arriving together
 * are summed per counter row and upserted in one statement, rows in key order, in the batch's
 * counter shard (shards.ts).
 */
import { DeltaMap, quarterOf, type RefusedClick } from '../counter-deltas.js';
import type { PgPool } from './connection.js';
import type { CounterShards } from './shards.js';
import { PgBatcher } from './writer.js';

const UPSERT = `INSERT INTO stat_refused (q, reason, offer_id, affiliate_id, country, currency, advertiser_id, n, shard)
  SELECT *, $9::smallint
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
  ON CONFLICT (q, reason, offer_id, affiliate_id, country, currency, advertiser_id, shard)
  DO UPDATE SET n = stat_refused.n + EXCLUDED.n`;

export function pgRefusals(
  pool: PgPool,
  windowMs: number,
  counted: boolean,
  shards: CounterShards,
): PgBatcher<RefusedClick> {
  const write = async (refusals: RefusedClick[], slot: number) => {
    if (!counted) return;
    const deltas = new DeltaMap();
    for (const r of refusals) {
      deltas.add(
        [
          quarterOf(r.at),
          r.reason,
          r.offer_id ?? 0,
          r.affiliate_id ?? 0,
          r.country ?? '',
          r.currency ?? '',
          r.advertiser_id ?? 0,
        ],
        { n: 1 },
      );
    }
    const rows = deltas.sorted();
    const values = [
      ...Array.from({ length: 7 }, (_, i) => rows.map((row) => row.key[i])),
      rows.map((row) => row.sums.n),
      shards.ofSlot(slot),
    ];
    await pool.query({ name: 'stat_refused_upsert', text: UPSERT, values });
  };
  return new PgBatcher<RefusedClick>({ many: write, one: (refusal, slot) => write([refusal], slot) }, windowMs);
}
