/**
 * The dashboard's periods (today, yesterday, the last 7 and 30 days, each against the period
 * just before it) computed from one report by day over the last 60 days, in the viewer's time
 * zone. Money is kept per currency: amounts in different currencies are never added up.
 */
import type { ReportRowRecord } from '../../api/types';
import { figures } from '../statistics/report';

export const PERIODS = [
  { id: 'today', label: 'Today', days: 1, offset: 0 },
  { id: 'yesterday', label: 'Yesterday', days: 1, offset: 1 },
  { id: '7d', label: 'Last 7 days', days: 7, offset: 0 },
  { id: '30d', label: 'Last 30 days', days: 30, offset: 0 },
] as const;

export type PeriodId = (typeof PERIODS)[number]['id'];

export const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** `YYYY-MM-DD` of the day `back` days before today, in `timeZone`. */
export function dayBefore(back: number, timeZone = zone()): string {
  return new Date(Date.now() - back * 86_400_000).toLocaleDateString('en-CA', { timeZone });
}

export interface Totals {
  clicks: number;
  uniq: number;
  conversions: number;
  confirmed: number;
  pending: number;
  hold: number;
  declined: number;
  /** Per currency. */
  revenue: Record<string, number>;
  payout: Record<string, number>;
  profit: Record<string, number>;
  cr: number;
  /** Approved revenue per click, per currency. */
  epc: Record<string, number>;
}

const add = (into: Record<string, number>, currency: string, value: number) => {
  into[currency] = (into[currency] ?? 0) + value;
};

/** Sums the day rows whose day is within [from, to]. */
export function sumDays(rows: readonly ReportRowRecord[], from: string, to: string): Totals {
  const t: Totals = {
    clicks: 0,
    uniq: 0,
    conversions: 0,
    confirmed: 0,
    pending: 0,
    hold: 0,
    declined: 0,
    revenue: {},
    payout: {},
    profit: {},
    cr: 0,
    epc: {},
  };
  const approvedRevenue: Record<string, number> = {};
  for (const row of rows) {
    const s = row.slice;
    const day = `${s.year}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`;
    if (day < from || day > to) continue;
    const f = figures(row);
    const currency = s.currency ?? '';
    t.clicks += f.clicks;
    t.uniq += f.uniq;
    t.conversions += f.conversions;
    t.confirmed += f.confirmed;
    t.pending += f.pending;
    t.hold += f.hold;
    t.declined += f.declined;
    add(t.revenue, currency, f.revenue);
    add(t.payout, currency, f.payout);
    add(t.profit, currency, f.profit);
    add(approvedRevenue, currency, row.actions.confirmed?.charge ?? 0);
  }
  t.cr = t.clicks ? (t.conversions / t.clicks) * 100 : 0;
  for (const [currency, value] of Object.entries(approvedRevenue)) t.epc[currency] = t.clicks ? value / t.clicks : 0;
  return t;
}

/** The period and the one before it, as day ranges. */
export function ranges(period: (typeof PERIODS)[number]) {
  const to = period.offset;
  const from = period.offset + period.days - 1;
  return {
    current: { from: dayBefore(from), to: dayBefore(to) },
    previous: { from: dayBefore(from + period.days), to: dayBefore(to + period.days) },
  };
}

/** Change in percent against the previous value (null when there was nothing before). */
export const change = (now: number, before: number) => (before ? ((now - before) / before) * 100 : null);
