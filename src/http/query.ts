/**
 * Reading statistics queries: `name[]=` repeated or a single `name=` for list filters, and the
 * required `date_from`/`date_to` day range (inclusive, UTC).
 */
import { badRequest } from './errors.js';
import type { DateRange } from '../store/store.js';

export type RawQuery = Record<string, string | string[] | undefined>;

/** Every value given for `name[]` or `name`, as strings (empty values dropped). */
export function listParam(query: RawQuery, name: string): string[] {
  const values = [query[`${name}[]`], query[name]].flat().filter((v): v is string => typeof v === 'string');
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

/** `date_from`..`date_to`, both required and inclusive, as [from, to) in Unix ms. */
export function dateRangeParam(query: RawQuery): DateRange {
  const from = parseDay(query, 'date_from');
  const to = parseDay(query, 'date_to') + DAY_MS;
  if (to <= from) throw badRequest('date_to: must not be before date_from');
  return { from, to };
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
