/**
 * What the loads send: /postback requests that each convert a different click of a pool, the
 * size of pool a load needs, fresh clicks to top a pool up, and the close look at one /click
 * before its load.
 */
import { checkPostbackBody, type IdPool } from './load.js';
import type { PhaseSpec } from './measure.js';
import type { BenchOptions } from './options.js';
import { insertClicks } from './prefill.js';

/** The fastest /postback rate the click pools are sized for. */
const POOL_RATE = 30_000;

/** /postback requests (GET, or a POST form with --postback-method POST), each converting a different click of `pool`. */
export function postbackSpec(options: BenchOptions, pool: IdPool, connections: number): PhaseSpec {
  const common = {
    expectStatus: 200,
    checkBody: checkPostbackBody,
    connections,
    // autocannon builds one request per connection that it never sends
    amount: Math.max(1, pool.remaining - 2 * connections - 10),
  };
  if (options.postbackMethod === 'POST') {
    return {
      ...common,
      method: 'POST',
      path: '/postback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: () => `clickid=${pool.take() ?? '000000000000000000000000'}&goal=1&sum=12.5`,
    };
  }
  return {
    ...common,
    method: 'GET',
    path: () => {
      const id = pool.take();
      return id === null ? null : `/postback?clickid=${id}&goal=1&sum=12.5`;
    },
  };
}

/** GET /postback paths converting the next `count` clicks of `pool` (fewer when it runs out). */
export function postbackPaths(pool: IdPool, count: number): string[] {
  const paths: string[] = [];
  while (paths.length < count) {
    const id = pool.take();
    if (id === null) break;
    paths.push(`/postback?clickid=${id}&goal=1&sum=12.5`);
  }
  return paths;
}

/** Click ids for a /postback load of `seconds` at up to POOL_RATE per second. */
export function poolNeed(seconds: number, connections: number): number {
  return Math.ceil(seconds * POOL_RATE) + 4 * connections + 100;
}

/** Inserts `count` fresh clicks (made within the last minute) into a SQLite file and gives their ids. */
export function freshClicks(dbPath: string, offerId: number, affiliateId: number, count: number): string[] {
  const now = Date.now();
  return insertClicks(dbPath, { offerId, affiliateId, count, fromMs: now - 60_000, toMs: now, sample: count });
}

const CLICK_IN_LOCATION = /[?&]click=([0-9a-f]{24})/;

/**
 * One /click before the load, looked at closely: 302, a Location carrying the click id, the
 * tp_<offer> cookie. The load itself checks statuses only (cheaper for the load generator).
 * Gives the problem found, or null.
 */
export async function probeClick(base: string, path: string, offerId: number): Promise<string | null> {
  try {
    const response = await fetch(base + path, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
    const text = await response.text();
    if (response.status !== 302) return `probe /click answered ${response.status}: ${text.slice(0, 100)}`;
    const location = response.headers.get('location') ?? '';
    if (!CLICK_IN_LOCATION.test(location)) return `probe /click: Location without the click id: ${location}`;
    const cookie = response.headers.get('set-cookie') ?? '';
    if (!cookie.startsWith(`tp_${offerId}=`))
      return `probe /click: no tp_${offerId} cookie (Set-Cookie: ${cookie || 'none'})`;
    return null;
  } catch (error) {
    return `probe /click failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
