/**
 * Reading tracking parameters leniently: whatever arrives (repeated names, JSON numbers,
 * nested values, unicode) becomes strings without throwing, so every postback can be logged as
 * received and answered with its refusal text rather than a 500.
 */
import type { PostbackInput } from '../domain/postback-checks.js';

/** Parameter name -> every value given for it, in order, as strings. */
export type ParamMap = Map<string, string[]>;

export const MAX_COMMENT = 1000;
export const MAX_CUSTOM_FIELD = 500;
export const CUSTOM_FIELD_COUNT = 15;

/** JSON scalars as their text; objects and arrays inside arrays as JSON text. */
function scalarText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function add(map: ParamMap, name: string, value: string): void {
  const values = map.get(name);
  if (values) values.push(value);
  else map.set(name, [value]);
}

/**
 * A parsed query string or JSON object as a ParamMap: arrays are repeated values, other
 * non-strings their text. Throws only when a value cannot be turned into JSON text (the
 * caller reports that as a malformed body).
 */
export function paramsFromObject(source: unknown): ParamMap {
  const map: ParamMap = new Map();
  if (source === null || typeof source !== 'object') return map;
  for (const name of Object.keys(source)) {
    const value = (source as Record<string, unknown>)[name];
    if (Array.isArray(value)) {
      for (const item of value) {
        const text = scalarText(item);
        if (text !== null) add(map, name, text);
      }
    } else {
      const text = scalarText(value);
      if (text !== null) add(map, name, text);
    }
  }
  return map;
}

/** An urlencoded form; malformed escapes are kept as written, never an error. */
export function paramsFromForm(text: string): ParamMap {
  const map: ParamMap = new Map();
  for (const [name, value] of new URLSearchParams(text)) add(map, name, value);
  return map;
}

/** Every parameter as received, for the log: later sources win; repeated values joined by ",". */
export function logParams(...sources: ParamMap[]): Record<string, string> {
  const out = new Map<string, string>();
  for (const source of sources) {
    for (const [name, values] of source) out.set(name, values.join(','));
  }
  return Object.fromEntries(out);
}

/** The first non-blank value of the first name that has one, searching sources in priority order. */
export function pick(sources: readonly ParamMap[], names: readonly string[], trim = true): string | null {
  for (const source of sources) {
    for (const name of names) {
      const values = source.get(name);
      if (!values) continue;
      for (const raw of values) {
        const trimmed = raw.trim();
        if (trimmed !== '') return trim ? trimmed : raw;
      }
    }
  }
  return null;
}

/** Cuts to `max` characters without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** The names each canonical parameter is read from, first name first. */
export interface InputNames {
  clickid: readonly string[];
  goal: readonly string[];
  status: readonly string[];
  action_id: readonly string[];
  sum: readonly string[];
  currency: readonly string[];
  secure: readonly string[];
  comment: readonly string[];
}

/** An advertiser's postback (names and aliases: docs/api.md, "Advertiser postbacks"). */
export const POSTBACK_NAMES: InputNames = {
  clickid: ['clickid', 'click_id'],
  goal: ['goal', 'goal_value'],
  status: ['status'],
  action_id: ['action_id', 'txn_id'],
  sum: ['sum', 'sale_amount', 'amount'],
  currency: ['currency'],
  secure: ['secure'],
  comment: ['comment'],
};

/**
 * A pixel: Affise's pixel names first (`afclick`, `afgoal`, `afid`, `afprice`, `afcurrency`,
 * `afsecure`, `afcomment`, as its pixel snippets and tracking script send them), then the
 * postback names. The status is read from `afstatus` only: a page that carries an unrelated
 * `status` in its own URL must not set the conversion's.
 */
export const PIXEL_NAMES: InputNames = {
  clickid: ['afclick', ...POSTBACK_NAMES.clickid],
  goal: ['afgoal', ...POSTBACK_NAMES.goal],
  status: ['afstatus'],
  action_id: ['afid', ...POSTBACK_NAMES.action_id],
  sum: ['afprice', ...POSTBACK_NAMES.sum],
  currency: ['afcurrency', ...POSTBACK_NAMES.currency],
  secure: ['afsecure', ...POSTBACK_NAMES.secure],
  comment: ['afcomment', ...POSTBACK_NAMES.comment],
};

/**
 * The canonical postback parameters, from sources in priority order (the body before the
 * query). Empty values count as absent, so unfilled `&sum=` is no sum.
 */
export function readPostbackInput(sources: readonly ParamMap[], names: InputNames): PostbackInput {
  const comment = pick(sources, names.comment, false);
  const customFields: Record<string, string> = {};
  for (let i = 1; i <= CUSTOM_FIELD_COUNT; i++) {
    const value = pick(sources, [`custom_field${i}`], false);
    if (value !== null) customFields[`custom_field${i}`] = truncate(value, MAX_CUSTOM_FIELD);
  }
  return {
    clickid: pick(sources, names.clickid),
    goal: pick(sources, names.goal),
    status: pick(sources, names.status),
    action_id: pick(sources, names.action_id),
    sum: pick(sources, names.sum),
    currency: pick(sources, names.currency),
    secure: pick(sources, names.secure, false),
    comment: comment === null ? null : truncate(comment, MAX_COMMENT),
    ip: pick(sources, ['ip']),
    custom_fields: customFields,
  };
}

/** The first value of a query parameter (repeated names: the first wins). */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The client address with the IPv4-mapped IPv6 prefix (::ffff:1.2.3.4) removed. */
export function plainIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
