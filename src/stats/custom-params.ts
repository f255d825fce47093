/**
 * Reading the query of the custom report (`/3.0/stats/custom`) and of the trafficback report:
 * Affise's parameter names, its three list encodings (`name[]=`, `name[N]=`, repeated `name=`),
 * and one exact 400 text per mistake, never a 500. See docs/reports-and-caps.md.
 */
import { goalKey } from '../domain/goal.js';
import { isZoneName, localMidnight } from '../domain/zone-offsets.js';
import { badRequest } from '../http/errors.js';
import type { RawQuery } from '../http/query.js';
import type { ReportFilter } from '../store/report-query.js';

/** Slices Trackpost groups by. */
export const TIME_SLICES = ['year', 'quarter', 'month', 'day', 'hour'] as const;
export const SUB_SLICES = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8'] as const;
const ENTITY_SLICES = ['offer', 'affiliate', 'advertiser', 'goal', 'country', 'currency', 'trafficback_reason'];
/** Affise slices Trackpost does not track: accepted, `""` in every row. */
export const UNTRACKED_TEXT = [
  'city',
  'os',
  'os_version',
  'device',
  'device_model',
  'browser',
  'browser_version',
  'isp',
  'conn_type',
  'landing',
];
/** Affise slices Trackpost does not track: accepted, `null` in every row. */
export const UNTRACKED_NULL = ['prelanding', 'manager', 'advertiser_manager_id', 'affiliate_manager_id', 'smart_id'];
const SLICES = new Set<string>([...TIME_SLICES, ...ENTITY_SLICES, ...SUB_SLICES, ...UNTRACKED_TEXT, ...UNTRACKED_NULL]);

export const CONVERSION_TYPES = ['total', 'confirmed', 'pending', 'declined', 'hold', 'not_found'] as const;
export type ConversionType = (typeof CONVERSION_TYPES)[number];
const FIELDS = new Set(
  'clicks hosts earnings income noincome payouts conversions cr affiliate_epc ratio epc trafficback ctr views ecpm afprice costs margin roi'.split(
    ' ',
  ),
);
const MEASURE_ORDERS = [
  'raw',
  'uniq',
  ...['total', 'confirmed', 'pending', 'declined', 'hold'].flatMap((t) => [`${t}_count`, `${t}_revenue`]),
  'total_null',
  'confirmed_earning',
  'clicks',
  'hosts',
  'conversions',
  'income',
  'payouts',
  'earnings',
  'cr',
  'epc',
];
const ORDERS = new Set<string>([
  ...TIME_SLICES,
  ...ENTITY_SLICES.filter((s) => s !== 'trafficback_reason'),
  ...SUB_SLICES,
  ...MEASURE_ORDERS,
]);

/** The id filters and exclusions, by parameter name. */
const ID_FILTERS: Record<string, 'offer' | 'affiliate' | 'advertiser' | 'notOffer' | 'notAffiliate' | 'notAdvertiser'> =
  {
    'filter[offer]': 'offer',
    'filter[partner]': 'affiliate',
    'filter[affiliate]': 'affiliate',
    'filter[advertiser]': 'advertiser',
    not_offer_id: 'notOffer',
    not_affiliate_id: 'notAffiliate',
    not_advertiser_id: 'notAdvertiser',
  };
const AFFILIATE_FORBIDDEN_FILTERS = new Set([
  'filter[partner]',
  'filter[affiliate]',
  'filter[advertiser]',
  'not_affiliate_id',
  'not_advertiser_id',
]);
const OTHER_FILTERS = new Set([
  'filter[country]',
  'filter[goal]',
  'filter[currency]',
  'filter[nonzero]',
  'not_country',
  ...SUB_SLICES.map((s) => `filter[${s}]`),
]);
const PLAIN = new Set([
  'slice',
  'filter[date_from]',
  'filter[date_to]',
  'timezone',
  'conversionTypes',
  'fields',
  'order',
  'orderType',
  'page',
  'limit',
  'locale',
]);

const LIST_SUFFIX = /^(.*?)(\[\d{0,6}\])$/;

/** `name[]`, `name[3]` -> `name`; other keys unchanged. */
export function baseName(key: string): string {
  const match = LIST_SUFFIX.exec(key);
  return match && match[1].length > 0 ? match[1] : key;
}

/** Every value of a parameter in any encoding, in order; empty values dropped. */
export function values(query: RawQuery, name: string): string[] {
  const indexed: [number, string[]][] = [];
  const plain: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined || baseName(key) !== name) continue;
    const given = [raw].flat().map((v) => v.trim());
    const index = /\[(\d+)\]$/.exec(key.slice(name.length));
    if (index && key !== name) indexed.push([Number(index[1]), given]);
    else plain.push(...given);
  }
  indexed.sort((a, b) => a[0] - b[0]);
  return [...plain, ...indexed.flatMap(([, given]) => given)].filter((v) => v.length > 0);
}

function single(query: RawQuery, name: string): string | undefined {
  return values(query, name)[0];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function day(query: RawQuery, name: string): { y: number; m: number; d: number; utc: number } {
  const text = single(query, name);
  if (text === undefined) throw badRequest(`Missing mandatory parameter ${name}`);
  const match = DAY.exec(text);
  const utc = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(utc) || new Date(utc).toISOString().slice(0, 10) !== text) {
    throw badRequest(`Invalid date in ${name} (YYYY-MM-DD expected)`);
  }
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]), utc };
}

export interface Period {
  zone: string;
  /** [from, to) in Unix ms: local midnight of date_from to local midnight after date_to. */
  from: number;
  to: number;
}

/** `filter[date_from]`, `filter[date_to]` and `timezone`. */
export function periodParams(query: RawQuery): Period {
  const zone = single(query, 'timezone') ?? 'UTC';
  const first = day(query, 'filter[date_from]');
  const last = day(query, 'filter[date_to]');
  if (!isZoneName(zone)) throw badRequest(`Invalid timezone: ${zone}`);
  if (first.utc > last.utc) throw badRequest('filter[date_from] is after filter[date_to]');
  if ((last.utc - first.utc) / 86_400_000 + 1 > 366) throw badRequest('Date range too long (at most 366 days)');
  return {
    zone,
    from: localMidnight(zone, first.y, first.m, first.d),
    to: localMidnight(zone, last.y, last.m, last.d + 1),
  };
}

/** `page` (default 1) and `limit` (default 100, 1 to 500). */
export function pagingParams(query: RawQuery): { page: number; limit: number } {
  const page = single(query, 'page');
  const limit = single(query, 'limit');
  if (page !== undefined && !/^[1-9]\d{0,8}$/.test(page)) throw badRequest('Invalid page (positive integer expected)');
  if (limit !== undefined && (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 500)) {
    throw badRequest('Invalid limit (1 to 500)');
  }
  return { page: page === undefined ? 1 : Number(page), limit: limit === undefined ? 100 : Number(limit) };
}

/** `orderType`: asc (default) or desc. */
export function orderTypeParam(query: RawQuery): 'asc' | 'desc' {
  const value = single(query, 'orderType') ?? 'asc';
  if (value !== 'asc' && value !== 'desc') throw badRequest('Invalid orderType (asc or desc expected)');
  return value;
}

/** 400 for the first parameter the report does not take, in query order. */
export function checkNames(query: RawQuery, accepted: (name: string) => boolean, affiliate: boolean): void {
  for (const key of Object.keys(query)) {
    if (query[key] === undefined) continue;
    const name = baseName(key);
    if (affiliate && AFFILIATE_FORBIDDEN_FILTERS.has(name))
      throw badRequest(`Filter not available to affiliates: ${name}`);
    if (accepted(name)) continue;
    if (name.startsWith('filter[') || name.startsWith('not_')) throw badRequest(`Filter not supported: ${name}`);
    throw badRequest(`Unknown parameter: ${name}`);
  }
}

function ids(query: RawQuery, name: string): number[] | undefined {
  const given = values(query, name);
  if (given.length === 0) return undefined;
  return given.map((value) => {
    if (!/^[1-9]\d{0,14}$/.test(value)) throw badRequest(`Invalid ${name} value: ${value}`);
    return Number(value);
  });
}

function codes(query: RawQuery, name: string, pattern: RegExp): string[] | undefined {
  const given = values(query, name);
  if (given.length === 0) return undefined;
  return given.map((value) => {
    const code = value.toUpperCase();
    if (!pattern.test(code)) throw badRequest(`Invalid ${name} value: ${value}`);
    return code;
  });
}

/** The filters shared by the custom and the trafficback report (names already checked). */
export function filterParams(query: RawQuery): ReportFilter {
  const filter: ReportFilter = {};
  for (const [name, key] of Object.entries(ID_FILTERS)) {
    const found = ids(query, name);
    if (found) filter[key] = [...(filter[key] ?? []), ...found];
  }
  filter.country = codes(query, 'filter[country]', /^[A-Z]{2}$/);
  filter.notCountry = codes(query, 'not_country', /^[A-Z]{2}$/);
  filter.currency = codes(query, 'filter[currency]', /^[A-Z]{3}$/);
  const goals = values(query, 'filter[goal]');
  if (goals.length > 0) filter.goal = goals.map(goalKey);
  const subs = SUB_SLICES.map((sub) => {
    const given = values(query, `filter[${sub}]`);
    return given.length > 0 ? given : undefined;
  });
  if (subs.some((s) => s !== undefined)) filter.subs = subs;
  return filter;
}

export interface CustomParams {
  slices: string[];
  period: Period;
  filter: ReportFilter;
  nonzero: boolean;
  types: ConversionType[];
  order: string[];
  orderType: 'asc' | 'desc';
  page: number;
  limit: number;
}

function listOf(query: RawQuery, name: string, allowed: (value: string) => boolean, label: string): string[] {
  const given = values(query, name);
  const bad = given.find((value) => !allowed(value));
  if (bad !== undefined) throw badRequest(`Invalid ${label} value: ${bad}`);
  return [...new Set(given)];
}

/** The custom report's query, checked; `affiliate` applies the affiliate view's limits. */
export function customParams(query: RawQuery, affiliate: boolean): CustomParams {
  checkNames(query, (name) => PLAIN.has(name) || name in ID_FILTERS || OTHER_FILTERS.has(name), affiliate);
  const slices = listOf(query, 'slice', (v) => SLICES.has(v), 'slice');
  if (slices.length === 0) throw badRequest('Missing mandatory parameter slice');
  if (slices.length > 9) throw badRequest(`Invalid slice value: ${slices[9]}`);
  if (affiliate) {
    const hidden = slices.find((s) => s === 'affiliate' || s === 'advertiser');
    if (hidden) throw badRequest(`Slice not available to affiliates: ${hidden}`);
  }
  const period = periodParams(query);
  const types = listOf(
    query,
    'conversionTypes',
    (v) => (CONVERSION_TYPES as readonly string[]).includes(v),
    'conversionTypes',
  );
  listOf(query, 'fields', (v) => FIELDS.has(v), 'fields');
  const order = listOf(
    query,
    'order',
    (v) => ORDERS.has(v) && !(affiliate && (v === 'affiliate' || v === 'advertiser')),
    'order',
  );
  const nonzero = single(query, 'filter[nonzero]') ?? '0';
  if (nonzero !== '0' && nonzero !== '1') throw badRequest(`Invalid filter[nonzero] value: ${nonzero}`);
  return {
    slices,
    period,
    filter: filterParams(query),
    nonzero: nonzero === '1',
    types: types.length > 0 ? (types as ConversionType[]) : ['total', 'confirmed', 'pending', 'declined', 'hold'],
    order,
    orderType: orderTypeParam(query),
    ...pagingParams(query),
  };
}
