/**
 * The custom report's URL and API query: which slices, dates, time zone, filters and order the
 * screen asks `/3.0/stats/custom` for (lists are comma-separated in the URL, so a report is one
 * readable link), and how a row's slice and figures read in the table, the chart and the CSV file.
 */
import type { QueryValue } from '../../api/client';
import type { ReportRowRecord } from '../../api/types';
import { day, lastDays, oneOf, text, tidy, whole } from '../../search';

export const SLICES = [
  'day',
  'hour',
  'month',
  'offer',
  'affiliate',
  'advertiser',
  'goal',
  'country',
  'currency',
  ...['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8'],
] as const;

export const TIME_SLICES = ['month', 'day', 'hour'];

/** Filters by their URL name and the API parameter they become. */
export const FILTERS = {
  offer: 'filter[offer]',
  affiliate: 'filter[partner]',
  advertiser: 'filter[advertiser]',
  country: 'filter[country]',
  goal: 'filter[goal]',
  currency: 'filter[currency]',
} as const;

export interface ReportSearch {
  slice?: string;
  date_from?: string;
  date_to?: string;
  timezone?: string;
  offer?: string;
  affiliate?: string;
  advertiser?: string;
  country?: string;
  goal?: string;
  currency?: string;
  nonzero?: '1';
  order?: string;
  orderType?: 'asc' | 'desc';
  page?: number;
  limit?: number;
}

export function validateReportSearch(search: Record<string, unknown>): ReportSearch {
  return tidy({
    slice: text(search.slice),
    date_from: day(search.date_from),
    date_to: day(search.date_to),
    timezone: text(search.timezone),
    offer: text(search.offer),
    affiliate: text(search.affiliate),
    advertiser: text(search.advertiser),
    country: text(search.country),
    goal: text(search.goal),
    currency: text(search.currency),
    nonzero: oneOf(String(search.nonzero ?? ''), ['1'] as const),
    order: text(search.order),
    orderType: oneOf(search.orderType, ['asc', 'desc'] as const),
    page: whole(search.page),
    limit: whole(search.limit),
  });
}

const items = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** The slices asked for (default: by day). */
export const slicesOf = (search: ReportSearch) => (items(search.slice).length ? items(search.slice) : ['day']);

/** The dates in force (default: the last 7 days). */
export function datesOf(search: ReportSearch) {
  const dates = lastDays(7);
  return { date_from: search.date_from ?? dates.date_from, date_to: search.date_to ?? dates.date_to };
}

/** The query of `/3.0/stats/custom` (and of the totals, with `slice` replaced). */
export function reportQuery(search: ReportSearch, slices = slicesOf(search)): Record<string, QueryValue> {
  const dates = datesOf(search);
  const query: Record<string, QueryValue> = {
    slice: slices,
    'filter[date_from]': dates.date_from,
    'filter[date_to]': dates.date_to,
    timezone: search.timezone,
    'filter[nonzero]': search.nonzero,
  };
  for (const [name, parameter] of Object.entries(FILTERS)) {
    const values = items(search[name as keyof typeof FILTERS]);
    if (values.length) query[parameter] = values;
  }
  return query;
}

const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');

/** How one slice key of a row reads. */
export function sliceText(row: ReportRowRecord, key: string): string {
  const s = row.slice;
  switch (key) {
    case 'day':
      return `${s.year}-${pad(s.month)}-${pad(s.day)}`;
    case 'month':
      return `${s.year}-${pad(s.month)}`;
    case 'hour':
      return s.day !== undefined ? `${s.year}-${pad(s.month)}-${pad(s.day)} ${pad(s.hour)}:00` : `${pad(s.hour)}:00`;
    case 'offer':
      return s.offer ? `${s.offer.id} · ${s.offer.title}` : '';
    case 'affiliate':
      return s.affiliate ? `${s.affiliate.id} · ${s.affiliate.name}` : '';
    case 'advertiser':
      return s.advertiser ? `${s.advertiser.id} · ${s.advertiser.title}` : '';
    default:
      return String((s as Record<string, unknown>)[key] ?? '');
  }
}

/** A row's figures by column id (counts, money, rates). */
export function figures(row: ReportRowRecord) {
  const a = row.actions;
  const count = (type: string) => a[type]?.count ?? 0;
  const money = (type: string, key: 'revenue' | 'charge' | 'earning') => a[type]?.[key] ?? 0;
  return {
    clicks: Number(row.traffic.raw),
    uniq: Number(row.traffic.uniq),
    conversions: count('total'),
    confirmed: count('confirmed'),
    pending: count('pending'),
    hold: count('hold'),
    declined: count('declined'),
    revenue: money('total', 'charge'),
    payout: money('total', 'revenue'),
    profit: money('total', 'earning'),
    cr: row.cr?.total ?? 0,
    epc: row.epc ?? 0,
    trafficback: row.trafficback ?? 0,
  };
}

export type Figure = keyof ReturnType<typeof figures>;

/** Figure columns: their header and the API's `order` key (none: not sortable). */
export const FIGURES: { id: Figure; header: string; order?: string; money?: boolean }[] = [
  { id: 'clicks', header: 'Clicks', order: 'raw' },
  { id: 'uniq', header: 'Unique clicks', order: 'uniq' },
  { id: 'conversions', header: 'Conversions', order: 'total_count' },
  { id: 'confirmed', header: 'Approved', order: 'confirmed_count' },
  { id: 'pending', header: 'Pending', order: 'pending_count' },
  { id: 'hold', header: 'Hold', order: 'hold_count' },
  { id: 'declined', header: 'Declined', order: 'declined_count' },
  { id: 'revenue', header: 'Revenue', order: 'income', money: true },
  { id: 'payout', header: 'Payout', order: 'total_revenue', money: true },
  { id: 'profit', header: 'Profit', money: true },
  { id: 'cr', header: 'CR %', order: 'cr' },
  { id: 'epc', header: 'EPC', order: 'epc' },
  { id: 'trafficback', header: 'Trafficback' },
];

/** Money and rates as the table shows them (money with 2 decimals unless smaller). */
export const number = (value: number, money = false) =>
  money
    ? value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })
    : value.toLocaleString('en-US');

/** The rows as a CSV file (RFC 4180 quoting), slices first. */
export function toCsv(rows: readonly ReportRowRecord[], slices: readonly string[]): string {
  const quote = (value: string | number) => {
    const textValue = String(value);
    return /[",\n\r]/.test(textValue) ? `"${textValue.replace(/"/g, '""')}"` : textValue;
  };
  const keys = slices.includes('currency') ? slices : [...slices, 'currency'];
  const lines = [[...keys, ...FIGURES.map((f) => f.header)].map(quote).join(',')];
  for (const row of rows) {
    const f = figures(row);
    lines.push([...keys.map((key) => sliceText(row, key)), ...FIGURES.map((c) => f[c.id])].map(quote).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Clicks and conversions summed by the report's time slice, when it has one: the chart of the
 * statistics screen and of the dashboard.
 */
export function timeSeries(rows: readonly ReportRowRecord[], slices: readonly string[]) {
  const key = slices.find((slice) => TIME_SLICES.includes(slice));
  if (!key || rows.length === 0) return null;
  const sums = new Map<string, { clicks: number; conversions: number }>();
  for (const row of rows) {
    const label = sliceText(row, key);
    const f = figures(row);
    const sum = sums.get(label) ?? { clicks: 0, conversions: 0 };
    sum.clicks += f.clicks;
    sum.conversions += f.conversions;
    sums.set(label, sum);
  }
  const labels = [...sums.keys()].sort();
  return {
    key,
    labels,
    series: [
      { label: 'Clicks', values: labels.map((l) => sums.get(l)?.clicks ?? 0), color: '#1864ab' },
      { label: 'Conversions', values: labels.map((l) => sums.get(l)?.conversions ?? 0), color: '#c92a2a', right: true },
    ],
  };
}
