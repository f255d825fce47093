/**
 * What the custom report asks of the store: grouped sums over the counter tables (or over raw
 * clicks and conversions when sub1..sub8 are involved), already bucketed into local hours or
 * days. The stats layer turns these cells into Affise-shaped rows; see docs/reports-and-caps.md.
 */
import type { OffsetSegment } from '../domain/zone-offsets.js';

/** A dimension the store groups by (time is grouped separately). */
export type ReportDim = 'offer' | 'affiliate' | 'advertiser' | 'goal' | 'country' | 'currency' | 'reason';

export interface ReportFilter {
  offer?: number[];
  affiliate?: number[];
  advertiser?: number[];
  /** Upper-case ISO alpha-2; '' matches records with no country. */
  country?: string[];
  /** Goal keys (lower-case); narrows conversions only. */
  goal?: string[];
  currency?: string[];
  notOffer?: number[];
  notAffiliate?: number[];
  notAdvertiser?: number[];
  notCountry?: string[];
  /** Exact values per sub (index 0 = sub1); undefined: no filter on that sub. */
  subs?: (string[] | undefined)[];
}

export interface ReportQuery {
  /** UTC quarter hours [fromQ, toQ): the local days asked for. */
  fromQ: number;
  toQ: number;
  /** The zone's offsets over the range, to bucket by local time. */
  segments: OffsetSegment[];
  /** Local time unit of cell `t`: hours or days since 1970-01-01 local, or no time. */
  time: 'none' | 'hour' | 'day';
  dims: ReportDim[];
  /** Sub indexes (0 = sub1) to group by. Any sub here or in the filter reads raw rows. */
  subs: number[];
  filter: ReportFilter;
}

/** One group: its keys (only those asked for are meaningful) and its sums. */
export interface ReportCell {
  t: number | null;
  offer_id: number;
  affiliate_id: number;
  advertiser_id: number;
  goal: string;
  country: string;
  currency: string;
  reason: string;
  subs: string[];
  /** Sums by column name (raw, uniq; a_count, a_rev, …; n). */
  sums: Record<string, number>;
}

/** The conversion measure columns: status prefix × measure. */
export const STATUS_PREFIXES = ['a', 'p', 'd', 'h'] as const;
export const MEASURES = ['count', 'rev', 'pay', 'norev', 'nopay'] as const;
export const ACTION_COLUMNS = STATUS_PREFIXES.flatMap((p) => MEASURES.map((m) => `${p}_${m}`));

/** True when the query must read raw clicks and conversions (a sub slice or filter). */
export function readsRaw(query: ReportQuery): boolean {
  return query.subs.length > 0 || filtersBySub(query.filter);
}

/** True when the filter narrows by any of sub1..sub8. */
export function filtersBySub(filter: ReportFilter): boolean {
  return (filter.subs ?? []).some((values) => values !== undefined);
}

export interface ReportReader {
  traffic(query: ReportQuery): Promise<ReportCell[]>;
  actions(query: ReportQuery): Promise<ReportCell[]>;
  refused(query: ReportQuery): Promise<ReportCell[]>;
}
