/**
 * Small pieces of Affise's row shapes shared by the statistics rows: its status names, its
 * `{"sec","usec"}` dates, its `{"$id"}` ids, and its `next_page`. Affise's clients decode these
 * with fixed types (Go's encoding/json fails on a string where it expects an object), so each
 * piece has exactly the JSON type Affise sends. See docs/moving-from-affise.md.
 */
import type { StatusCode } from '../domain/status.js';
import type { Page, PageRequest } from '../domain/entities.js';

const AFFISE_STATUS: Record<StatusCode, string> = { 1: 'confirmed', 2: 'pending', 3: 'declined', 5: 'hold' };

/** A status as Affise names it in rows: `confirmed` for code 1. */
export function affiseStatusName(code: StatusCode): string {
  return AFFISE_STATUS[code];
}

/** Affise's log date: whole seconds and the remaining microseconds. */
export function affiseDate(ms: number): { sec: number; usec: number } {
  const sec = Math.floor(ms / 1000);
  return { sec, usec: (ms - sec * 1000) * 1000 };
}

/** Affise's log row id, the shape its database driver gives. */
export function affiseId(id: string): { $id: string } {
  return { $id: id };
}

/**
 * The statistics list answer: `{"status":1,"<key>":[…],"pagination":{…}}`, with Affise's
 * `next_page` when a page follows this one.
 */
export function statsListAnswer<T, R>(key: string, page: PageRequest, result: Page<T>, present: (row: T) => R) {
  const more = page.page * page.limit < result.total;
  return {
    status: 1 as const,
    [key]: result.rows.map(present),
    pagination: {
      per_page: page.limit,
      total_count: result.total,
      page: page.page,
      ...(more ? { next_page: page.page + 1 } : {}),
    },
  };
}
