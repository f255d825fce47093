/**
 * Checking `{macro}` names in a URL as it is typed, with the server's own lists and message
 * (src/domain/macros.ts is a pure module: the bundle carries the same names the server accepts,
 * so the console can never approve a URL the server refuses, nor the reverse).
 */
import { closest } from 'fastest-levenshtein';
import { unknownMacroProblem } from '../../../../src/domain/macros';

export { AFFILIATE_MACROS, CLICK_MACROS, CROSS_POSTBACK_MACROS } from '../../../../src/domain/macros';

export interface MacroCheck {
  /** The server's message for the first unknown macro, or null when every macro is known. */
  problem: string | null;
  /** The unknown macro (without braces) and the nearest known one, to offer a fix. */
  unknown?: string;
  suggestion?: string;
}

export function checkMacros(url: string, allowed: readonly string[]): MacroCheck {
  const problem = unknownMacroProblem(url, allowed);
  if (!problem) return { problem: null };
  // A macro that exists elsewhere (the advertiser's money) has no "nearest" name to offer.
  if (!problem.includes('did you mean')) return { problem };
  for (const match of url.matchAll(/\{([^{}]*)\}/g)) {
    if (!allowed.includes(match[1])) {
      return { problem, unknown: match[1], suggestion: closest(match[1], allowed as string[]) };
    }
  }
  return { problem };
}

/** The URL with every `{unknown}` replaced by `{suggestion}`. */
export const applySuggestion = (url: string, unknown: string, suggestion: string) =>
  url.split(`{${unknown}}`).join(`{${suggestion}}`);
