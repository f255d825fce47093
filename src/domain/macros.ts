/**
 * `{name}` macros in outbound and tracking URLs: which names exist, where each may be used,
 * checking a URL when it is saved, and filling it (URL-encoded) when it is sent.
 */
import { closest } from 'fastest-levenshtein';

const range = (prefix: string, last: number) => Array.from({ length: last }, (_, i) => `${prefix}${i + 1}`);

/** Macros of an offer's tracking_url, filled when a click redirects. */
export const CLICK_MACROS: readonly string[] = [
  'clickid',
  'offer_id',
  'pid',
  ...range('sub', 8),
  'ip',
  'country',
  'ua',
];

/** Macros of affiliate-facing URLs (affiliate postbacks, tracking events): never revenue. */
export const AFFILIATE_MACROS: readonly string[] = [
  'clickid',
  'conversion_id',
  'action_id',
  'transactionid',
  'offer_id',
  'offerid',
  'offer_name',
  'affiliate_id',
  'pid',
  'goal',
  'goal_title',
  'status',
  'status_name',
  'sum',
  'payout',
  'currency',
  ...range('sub', 8),
  ...range('affS', 8),
  'ip',
  'country',
  'geo',
  'ua',
  'comment',
  ...range('custom_field', 15),
  'date',
  'date_only',
  'timestamp',
  'click_date',
  'rand',
];

/** Cross-postbacks go to the network's own partners and may also carry the advertiser's money. */
export const CROSS_POSTBACK_MACROS: readonly string[] = [...AFFILIATE_MACROS, 'revenue', 'order_sum', 'advertiser_id'];

const MACRO = /\{([^{}]*)\}/g;

/**
 * The first problem with a URL's macros, as a message naming the macro and the nearest known
 * one, or null when every macro is known.
 */
export function unknownMacroProblem(url: string, allowed: readonly string[]): string | null {
  for (const match of url.matchAll(MACRO)) {
    const name = match[1];
    if (!allowed.includes(name)) {
      return `unknown macro {${name}} (did you mean {${closest(name, allowed as string[])}}?)`;
    }
  }
  return null;
}

/** Values for macros; a missing one is filled with the empty string. */
export type MacroValues = Record<string, string | number | null | undefined>;

/** Replaces every `{name}` by its URL-encoded value. Unknown names become empty. */
export function renderMacros(url: string, values: MacroValues): string {
  return url.replace(MACRO, (_, name: string) => {
    const value = values[name];
    return value === null || value === undefined ? '' : encodeURIComponent(String(value));
  });
}

/** Why a URL is unusable as an http(s) destination, or null when it is fine. */
export function httpUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    // Macros are placeholders, not URL syntax: check the URL with them filled by a token.
    parsed = new URL(url.replace(MACRO, 'x'));
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an absolute http or https URL';
  return null;
}
