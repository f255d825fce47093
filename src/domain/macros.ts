/**
 * `{name}` macros in outbound and tracking URLs: which names exist, where each may be used,
 * checking a URL when it is saved, and filling it (URL-encoded) when it is sent.
 */
import { closest } from 'fastest-levenshtein';
import { ADVERTISER_ONLY_MACROS } from './macro-names.js';

export {
  ADVERTISER_ONLY_MACROS,
  AFFILIATE_MACROS,
  CLICK_MACROS,
  CROSS_POSTBACK_MACROS,
} from './macro-names.js';

const MACRO = /\{([^{}]*)\}/g;

/**
 * The first problem with a URL's macros, as a message naming the macro and the nearest known
 * one, or null when every macro is known.
 */
export function unknownMacroProblem(url: string, allowed: readonly string[]): string | null {
  for (const match of url.matchAll(MACRO)) {
    const name = match[1];
    if (!allowed.includes(name)) {
      if (ADVERTISER_ONLY_MACROS.includes(name)) {
        return `macro {${name}} is allowed in cross-postback URLs only: it carries the advertiser's side of a conversion`;
      }
      return `unknown macro {${name}} (did you mean {${closest(name, allowed as string[])}}?)`;
    }
  }
  return null;
}

/** Values for macros; a missing one is filled with the empty string. */
export type MacroValues = Record<string, string | number | null | undefined>;

/** Replaces every `{name}` by its URL-encoded value. Unknown names become empty. */
export function renderMacros(url: string, values: MacroValues): string {
  return renderMacrosWith(url, (name) => values[name]);
}

/**
 * Replaces every `{name}` by the URL-encoded value `lookup` gives, asked only for the names the
 * URL holds: a click computes no value its offer's URL does not use.
 */
export function renderMacrosWith(url: string, lookup: (name: string) => MacroValues[string]): string {
  if (!url.includes('{')) return url;
  return url.replace(MACRO, (_, name: string) => {
    const value = lookup(name);
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
