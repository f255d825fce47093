/**
 * Report counters on SQLite. Writes of a group-commit batch add their deltas here; just
 * before the batch commits, the deltas are summed per counter row and each touched row gets
 * one UPSERT, in the same transaction. A write undone alone (its savepoint rolled back) takes
 * its deltas with it (mark/rewind), so counters always match the committed records.
 */
import type { StatusCode } from '../../domain/status.js';
import {
  CONVERSION_DELTA_COLUMNS,
  type ClickTally,
  conversionColumns,
  conversionKey,
  DeltaMap,
  quarterOf,
  type RefusedClick,
} from '../counter-deltas.js';
import type { Click, Conversion } from '../../domain/entities.js';
import type { SqliteDb } from './connection.js';
import type { BatchAccumulator } from './writer.js';

type Op = {
  table: 'clicks' | 'refused' | 'conversions';
  key: (string | number)[];
  sums: Record<string, number>;
  extra: string;
};

export class SqliteCounters implements BatchAccumulator {
  private ops: Op[] = [];
  private readonly upsertClick;
  private readonly upsertRefused;
  private readonly upsertConversion;

  constructor(
    db: SqliteDb,
    /** false: nothing is counted (to measure what counting costs). */
    readonly enabled: boolean,
  ) {
    this.upsertClick = db.prepare(
      `INSERT INTO stat_clicks (q, offer_id, affiliate_id, country, currency, advertiser_id, raw, uniq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (q, offer_id, affiliate_id, country, currency, advertiser_id)
       DO UPDATE SET raw = raw + excluded.raw, uniq = uniq + excluded.uniq`,
    );
    this.upsertRefused = db.prepare(
      `INSERT INTO stat_refused (q, reason, offer_id, affiliate_id, country, currency, advertiser_id, n)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (q, reason, offer_id, affiliate_id, country, currency, advertiser_id) DO UPDATE SET n = n + excluded.n`,
    );
    const columns = CONVERSION_DELTA_COLUMNS;
    this.upsertConversion = db.prepare(
      `INSERT INTO stat_conversions (q, offer_id, affiliate_id, goal_key, country, currency, advertiser_id, goal, ${columns.join(', ')})
       VALUES (${Array(8 + columns.length)
         .fill('?')
         .join(', ')})
       ON CONFLICT (q, offer_id, affiliate_id, goal_key, country, currency, advertiser_id)
       DO UPDATE SET ${columns.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    );
  }

  click(click: Click, tally: ClickTally): void {
    if (!this.enabled) return;
    this.ops.push({
      table: 'clicks',
      key: [
        quarterOf(click.created_at),
        click.offer_id,
        click.affiliate_id,
        click.country ?? '',
        tally.currency,
        tally.advertiser_id,
      ],
      sums: { raw: 1, uniq: click.uniq ? 1 : 0 },
      extra: '',
    });
  }

  refused(refusal: RefusedClick): void {
    if (!this.enabled) return;
    this.ops.push({
      table: 'refused',
      key: [
        quarterOf(refusal.at),
        refusal.reason,
        refusal.offer_id ?? 0,
        refusal.affiliate_id ?? 0,
        refusal.country ?? '',
        refusal.currency ?? '',
        refusal.advertiser_id ?? 0,
      ],
      sums: { n: 1 },
      extra: '',
    });
  }

  /** A conversion entering (sign 1) or leaving (sign -1) a status in its creation quarter. */
  conversion(c: Conversion, status: StatusCode, capped: boolean, sign: 1 | -1): void {
    if (!this.enabled) return;
    this.ops.push({
      table: 'conversions',
      key: conversionKey(c),
      sums: conversionColumns(c, status, capped, sign),
      extra: c.goal,
    });
  }

  mark(): number {
    return this.ops.length;
  }

  rewind(mark: number): void {
    this.ops.length = mark;
  }

  reset(): void {
    this.ops = [];
  }

  flush(): void {
    if (this.ops.length === 0) return;
    const maps = { clicks: new DeltaMap(), refused: new DeltaMap(), conversions: new DeltaMap() };
    for (const op of this.ops) maps[op.table].add(op.key, op.sums, op.extra);
    this.ops = [];
    for (const row of maps.clicks.rows.values()) this.upsertClick.run(...row.key, row.sums.raw, row.sums.uniq);
    for (const row of maps.refused.rows.values()) this.upsertRefused.run(...row.key, row.sums.n);
    for (const row of maps.conversions.rows.values()) {
      this.upsertConversion.run(...row.key, row.extra, ...CONVERSION_DELTA_COLUMNS.map((c) => row.sums[c] ?? 0));
    }
  }
}
