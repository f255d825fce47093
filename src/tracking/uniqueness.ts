/**
 * Unique clicks, Affise's rule at no cost on the hot path: a click is unique unless the browser
 * brings this offer's `tp_<offer_id>` cookie (set by /click) holding a click id made less than
 * 24 hours earlier. The click id's first four bytes are its creation second, so no lookup is
 * needed. Requests without cookies make unique clicks.
 */
import { objectIdTime, isObjectId } from '../domain/object-id.js';

const WINDOW_MS = 86_400_000;

/** True unless the Cookie header holds a fresh click id for this offer. */
export function isUniqueVisit(cookieHeader: string | undefined, offerId: number, now: number): boolean {
  if (!cookieHeader) return true;
  const name = `tp_${offerId}=`;
  let at = cookieHeader.indexOf(name);
  while (at !== -1) {
    // A match must start the header or follow "; " (so tp_12= is not found inside tp_112=).
    const boundary = at === 0 || cookieHeader[at - 1] === ' ' || cookieHeader[at - 1] === ';';
    if (boundary) {
      const value = cookieHeader.slice(at + name.length, at + name.length + 24);
      if (isObjectId(value)) {
        const age = now - objectIdTime(value);
        if (age >= -1000 && age < WINDOW_MS) return false;
      }
    }
    at = cookieHeader.indexOf(name, at + 1);
  }
  return true;
}
