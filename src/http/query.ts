/**
 * Reading statistics queries: list filters in every encoding Affise's clients send, and the
 * required `date_from`/`date_to` day range (inclusive, days of the `timezone`, UTC by default).
 *
 * A list parameter arrives as `name[]=a&name[]=b` (browsers, curl, the Go SDK), `name[0]=a&name[1]=b`
 * (PHP's http_build_query, so Affise's PHP SDK), `name=a&name=b`, or one `name=a` (commas split
 * it too). The query-string parser keeps bracketed keys as they are, so `status[0]` is a key of
 * its own; this module is the one place that knows the encodings. Nested names such as
 * `filter[status]` work the same way (`filter[status][]`, `filter[status][0]`).
 */
import { isZoneName, zoneDayStart } from '../domain/zone-offsets.js';
import type { DateRange } from '../store/store.js';
import { badRequest } from './errors.js';

export type RawQuery = Record<string, string | string[] | undefined>;

const INDEXED = /^(.*)\[(\d{1,6})\]$/;

/**
 * The list parameter a query key belongs to (`status[]`, `status[3]` -> `status`), or the key
 * itself when it carries no list suffix.
 */
export function listBaseName(key: string): string {
  if (key.endsWith('[]')) return key.slice(0, -2);
  const indexed = INDEXED.exec(key);
  return indexed ? (indexed[1] as string) : key;
}

/** True when `key` is one of the bracketed forms of a list parameter (`name[]`, `name[N]`). */
export function isListForm(key: string): boolean {
  return key.endsWith('[]') || INDEXED.test(key);
}

const strings = (value: string | string[] | undefined): string[] =>
  [value].flat().filter((v): v is string => typeof v === 'string');

/**
 * Every value given for a list parameter in any encoding, as strings (empty values dropped):
 * `name=` values first, then `name[]=` ones, then `name[N]=` ones in index order.
 */
export function listParam(query: RawQuery, name: string): string[] {
  const values = [...strings(query[name]), ...strings(query[`${name}[]`])];
  const indexed: Array<[number, string[]]> = [];
  for (const key of Object.keys(query)) {
    if (!key.startsWith(name) || key.length <= name.length + 2) continue;
    const match = INDEXED.exec(key);
    if (match && match[1] === name) indexed.push([Number(match[2]), strings(query[key])]);
  }
  indexed.sort((a, b) => a[0] - b[0]);
  for (const [, given] of indexed) values.push(...given);
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** A list filter of positive integers; 400 naming the filter when one is not. */
export function idListParam(query: RawQuery, name: string): number[] | undefined {
  const values = listParam(query, name);
  if (values.length === 0) return undefined;
  return values.map((value) => {
    if (!/^\d{1,15}$/.test(value)) throw badRequest(`${name}: expected ids (positive integers), got "${value}"`);
    return Number(value);
  });
}

/** The single value of a filter, or undefined when absent or empty. */
export function singleParam(query: RawQuery, name: string): string | undefined {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value === '' ? undefined : value;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parseDay(query: RawQuery, name: string): number {
  const value = singleParam(query, name);
  if (value === undefined) throw badRequest(`${name}: is required (YYYY-MM-DD)`);
  const match = DAY.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw badRequest(`${name}: expected a date as YYYY-MM-DD, got "${value}"`);
  }
  return ms;
}

/** `timezone`: an IANA zone name, `UTC` when absent; 400 naming it when Node does not know it. */
export function timeZoneParam(query: RawQuery): string {
  const zone = singleParam(query, 'timezone');
  if (zone === undefined) return 'UTC';
  if (!isZoneName(zone)) throw badRequest(`timezone: expected an IANA time zone such as Europe/Berlin, got "${zone}"`);
  return zone;
}

/**
 * `date_from`..`date_to`, both required and inclusive, as [from, to) in Unix ms. The days are
 * days of `timezone` (UTC when absent).
 */
export function dateRangeParam(query: RawQuery): DateRange {
  const zone = timeZoneParam(query);
  const firstDay = parseDay(query, 'date_from');
  const lastDay = parseDay(query, 'date_to');
  if (lastDay < firstDay) throw badRequest('date_to: must not be before date_from');
  if (zone === 'UTC') return { from: firstDay, to: lastDay + DAY_MS };
  return { from: zoneDayStart(firstDay, zone), to: zoneDayStart(lastDay + DAY_MS, zone) };
}

/** `page` (default 1) and `limit` (default 100, at most 1000). */
export function pageParam(query: RawQuery): { page: number; limit: number } {
  const read = (name: string, fallback: number, max: number) => {
    const value = singleParam(query, name);
    if (value === undefined) return fallback;
    if (!/^\d{1,9}$/.test(value) || Number(value) < 1 || Number(value) > max) {
      throw badRequest(`${name}: expected a whole number from 1 to ${max}, got "${value}"`);
    }
    return Number(value);
  };
  return { page: read('page', 1, 1_000_000_000), limit: read('limit', 100, 1000) };
}
