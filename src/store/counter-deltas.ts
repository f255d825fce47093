/**
 * Counter deltas: what a click, a refused click or a conversion event adds to the report's
 * counter tables. Both backends gather a batch's deltas in memory and write each touched
 * counter row once per batch (an UPSERT per row, not per event), inside the batch's own
 * transaction, so counters never disagree with the records they count.
 */
import type { CapTouch } from '../domain/cap-plan.js';
import type { StatusCode } from '../domain/status.js';
import type { Conversion } from '../domain/entities.js';

const QUARTER_MS = 900_000;

/** The UTC quarter hour of an instant: the time key of every counter row. */
export const quarterOf = (ms: number): number => Math.floor(ms / QUARTER_MS);

/**
 * What a click's counter row needs besides the click: its offer's advertiser and currency, and
 * the clicks cap counters it joins (domain/click-caps.ts), counted in the click's own write.
 */
export interface ClickTally {
  advertiser_id: number;
  currency: string;
  caps?: CapTouch[];
}

/** A refused /click, counted by reason (the reason slugs of docs/reports-and-caps.md). */
export interface RefusedClick {
  at: number;
  reason: string;
  offer_id: number | null;
  affiliate_id: number | null;
  advertiser_id: number | null;
  country: string | null;
  currency: string | null;
}

const STATUS_PREFIX: Record<number, string> = { 1: 'a', 2: 'p', 3: 'd', 5: 'h' };

/** Status column prefix of a status code. */
export const statusPrefix = (status: StatusCode): string => STATUS_PREFIX[status];

/** The key columns of a conversion's counter row, in table order. */
export function conversionKey(c: Conversion): (string | number)[] {
  return [
    quarterOf(c.created_at),
    c.offer_id,
    c.affiliate_id,
    c.goal.toLowerCase(),
    c.country ?? '',
    c.currency,
    c.advertiser_id,
  ];
}

/**
 * The column deltas of a conversion entering (sign 1) or leaving (sign -1) a status; a change
 * of status is one leave plus one enter on the same row.
 */
export function conversionColumns(
  c: Conversion,
  status: StatusCode,
  capped: boolean,
  sign: 1 | -1,
): Record<string, number> {
  const p = statusPrefix(status);
  const columns: Record<string, number> = {
    [`${p}_count`]: sign,
    [`${p}_rev`]: sign * c.revenue,
    [`${p}_pay`]: sign * c.payout,
    [`${p}_norev`]: c.revenue === 0 ? sign : 0,
    [`${p}_nopay`]: c.payout === 0 ? sign : 0,
  };
  if (capped && status === 3) {
    columns.capped_count = sign;
    columns.capped_pay = sign * c.payout;
  }
  return columns;
}

/** Every delta column of stat_conversions, in a fixed order. */
export const CONVERSION_DELTA_COLUMNS = [
  ...['a', 'p', 'd', 'h'].flatMap((p) => ['count', 'rev', 'pay', 'norev', 'nopay'].map((m) => `${p}_${m}`)),
  'capped_count',
  'capped_pay',
];

type DeltaRow = { key: (string | number)[]; extra: string; sums: Record<string, number> };

/** Sums deltas per counter row key. */
export class DeltaMap {
  readonly rows = new Map<string, DeltaRow>();
  /** The row added to last: a batch's events mostly share one key, found without a lookup. */
  private last: DeltaRow | null = null;

  add(key: (string | number)[], sums: Record<string, number>, extra = ''): void {
    let row = this.last !== null && sameKey(this.last.key, key) ? this.last : undefined;
    if (!row) {
      const id = key.join('\u0001');
      row = this.rows.get(id);
      if (!row) {
        row = { key, extra, sums: {} };
        this.rows.set(id, row);
      }
      this.last = row;
    }
    for (const name in sums) row.sums[name] = (row.sums[name] ?? 0) + sums[name];
  }

  /** Rows in key order, so concurrent batches lock counter rows in one order. */
  sorted() {
    return [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }
}

function sameKey(a: (string | number)[], b: (string | number)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
