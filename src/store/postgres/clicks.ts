/**
 * Clicks: the busiest write. Concurrent inserts leave as one multi-row INSERT over unnest()ed
 * arrays (group commit, writer.ts). Reads (one per postback) are gathered the same way, per
 * event-loop turn, into one `= ANY(…)` lookup: one round trip and one socket write instead of
 * one per postback. Each goes by primary key to the day partition its id's time prefix names.
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import type { Click } from '../../domain/entities.js';
import { objectIdKey } from '../../domain/object-id.js';
import type { ClickRepo } from '../store.js';
import type { PgPool } from './connection.js';
import { decodeSubs, encodeSubs } from './json.js';
import type { Partitions } from './partitions.js';
import { decodeFields, encodeText } from './text.js';
import { COUNTED_IN_FLIGHT, PgBatcher } from './writer.js';
import { type ClickTally, DeltaMap, quarterOf } from '../counter-deltas.js';
import { pgRefusals } from './refusals.js';
import { clickCapColumns, clickCapsCte, type PgClickCaps } from './click-caps.js';
import type { CounterShards } from './shards.js';
import { CLICK_COUNTERS } from '../report-rollups.js';
import { rollupCtes } from './rollup-writes.js';

interface ClickRow extends Omit<Click, 'subs'> {
  subs: (string | null)[] | null;
}

const COLUMNS = 'clickid, offer_id, affiliate_id, subs, ip, user_agent, country, referrer, created_at, uniq';

/**
 * The clicks, their counter rows, their rollups and their clicks cap counters in one statement
 * (so one commit): the batch's counts are summed per counter row in memory and each row is
 * upserted once, in key order, in the batch's counter shard ($25, shards.ts).
 */
const INSERT_MANY = `WITH inserted AS (
    INSERT INTO clicks (${COLUMNS})
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::json[], $5::text[], $6::text[], $7::text[],
      $8::text[], $9::bigint[], $10::boolean[])),
  ${clickCapsCte(19, '$25::smallint')},
  counted AS (
    SELECT *, $25::smallint AS shard FROM unnest($11::bigint[], $12::bigint[], $13::bigint[], $14::text[], $15::text[],
      $16::bigint[], $17::bigint[], $18::bigint[]) AS s(q, offer_id, affiliate_id, country, currency, advertiser_id, raw, uniq)),
  ${rollupCtes(CLICK_COUNTERS, 'counted')}
  INSERT INTO stat_clicks (q, offer_id, affiliate_id, country, currency, advertiser_id, raw, uniq, shard)
  SELECT q, offer_id, affiliate_id, country, currency, advertiser_id, raw, uniq, shard FROM counted
  ON CONFLICT (q, offer_id, affiliate_id, country, currency, advertiser_id, shard)
  DO UPDATE SET raw = stat_clicks.raw + EXCLUDED.raw, uniq = stat_clicks.uniq + EXCLUDED.uniq`;

/** A click to insert, and what its counter row needs (none: not counted). */
interface PendingClick {
  click: Click;
  tally: ClickTally | null;
}

function counterColumns(pending: PendingClick[]): unknown[][] {
  const deltas = new DeltaMap();
  for (const { click, tally } of pending) {
    if (!tally) continue;
    deltas.add(
      [
        quarterOf(click.created_at),
        click.offer_id,
        click.affiliate_id,
        click.country ?? '',
        tally.currency,
        tally.advertiser_id,
      ],
      { raw: 1, uniq: click.uniq ? 1 : 0 },
    );
  }
  const rows = deltas.sorted();
  return [
    ...Array.from({ length: 6 }, (_, i) => rows.map((row) => row.key[i])),
    rows.map((r) => r.sums.raw),
    rows.map((r) => r.sums.uniq),
  ];
}

function columns(pending: PendingClick[], counted: boolean, capTouches: CapTouch[]): unknown[][] {
  const clicks = pending.map((p) => p.click);
  const out: unknown[][] = Array.from({ length: 10 }, () => new Array(clicks.length));
  clicks.forEach((click, i) => {
    out[0][i] = click.clickid;
    out[1][i] = click.offer_id;
    out[2][i] = click.affiliate_id;
    out[3][i] = encodeSubs(click.subs);
    out[4][i] = click.ip;
    out[5][i] = encodeText(click.user_agent);
    out[6][i] = click.country;
    out[7][i] = encodeText(click.referrer);
    out[8][i] = click.created_at;
    out[9][i] = click.uniq;
  });
  return [...out, ...counterColumns(counted ? pending : []), ...clickCapColumns(capTouches)];
}

/**
 * Unnamed (never prepared) on purpose: planned with the ids at hand, so only their days'
 * partitions are searched; a generic plan cannot prune on an array parameter.
 */
const GET_MANY = 'SELECT * FROM clicks WHERE clickid = ANY($1::text[])';

function toClick(row: ClickRow): Click {
  return { ...decodeFields(row, ['user_agent', 'referrer']), subs: decodeSubs(row.subs), uniq: row.uniq };
}

/** The click repository, and `drain` (at close) to finish what is queued. */
export function pgClicks(
  pool: PgPool,
  partitions: Partitions,
  windowMs: number,
  counted: boolean,
  caps: PgClickCaps,
  shards: CounterShards,
): { repo: ClickRepo; drain(): Promise<void> } {
  const write = (pending: PendingClick[], slot: number) =>
    partitions.writing(
      () => pending.map((p) => p.click.clickid),
      async () => {
        const capTouches = counted ? pending.flatMap((p) => p.tally?.caps ?? []) : [];
        if (capTouches.length > 0) await caps.prepare(capTouches);
        const values = [...columns(pending, counted, capTouches), shards.ofSlot(slot)];
        await pool.query({ name: 'clicks_insert_many', text: INSERT_MANY, values });
        caps.counted(capTouches);
      },
    );
  const batcher = new PgBatcher<PendingClick>(
    { many: write, one: (pending, slot) => write([pending], slot) },
    windowMs,
    counted ? COUNTED_IN_FLIGHT : undefined,
  );
  const refusals = pgRefusals(pool, windowMs, counted, shards);
  const reads = new PgBatcher<string, Click | null>(
    {
      async many(ids) {
        const { rows } = await pool.query<ClickRow>(GET_MANY, [[...new Set(ids)]]);
        const found = new Map(rows.map((row) => [row.clickid, row]));
        return ids.map((id) => {
          const row = found.get(id);
          return row ? toClick(row) : null;
        });
      },
      async one(id) {
        const { rows } = await pool.query<ClickRow>({
          name: 'clicks_get',
          text: 'SELECT * FROM clicks WHERE clickid = $1',
          values: [id],
        });
        return rows[0] ? toClick(rows[0]) : null;
      },
    },
    0,
  );
  return {
    drain: async () => {
      await Promise.all([batcher.drain(), reads.drain(), refusals.drain()]);
    },
    repo: {
      insert: (click, tally) => batcher.add({ click, tally: tally ?? null }),
      refuse: (refusal) => refusals.add(refusal),
      get: (clickid) => reads.add(objectIdKey(clickid)),
    },
  };
}
