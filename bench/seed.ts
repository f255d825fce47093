/**
 * Seeding a benchmark database through the admin API of a Trackpost process that runs on it,
 * before the measured servers start: one advertiser, an affiliate for the click and postback
 * loads, an affiliate whose postbacks go to the local sink (the outbound section), and one public
 * offer paying on goal 1 (revenue 10, payout 7, fixed). The public API is the same in every
 * build, so a compared build (--compare) is seeded by the same code, through its own migrations.
 */
import { startTrackpost } from './servers.js';

export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

export interface Seeded {
  advertiserId: number;
  offerId: number;
  /** The affiliate of the /click and /postback loads (no postback URLs). */
  affiliateId: number;
  /** The affiliate with a global postback URL pointing at the sink; null without a sink. */
  sinkAffiliateId: number | null;
}

/** Creates one record through `POST /3.0/admin/<path>` at `base`; its id. */
export async function create(base: string, path: string, body: object): Promise<number> {
  const response = await fetch(`${base}/3.0/admin/${path}`, {
    method: 'POST',
    headers: { 'API-Key': ADMIN_KEY, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`seeding: POST /3.0/admin/${path} answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { id: number }).id;
}

/**
 * Caps the loads never reach (--caps): a clicks cap per day and a conversions cap per day, so
 * /click and /postback pay for checking and counting caps (docs/reports-and-caps.md).
 */
export const BENCH_CAPS = [
  { period: 'day', type: 'clicks', value: 1_000_000_000 },
  { period: 'day', type: 'conversions', value: 1_000_000_000 },
];

/** Creates the bench's records through the admin API at `base`; `caps`: the offer gets BENCH_CAPS. */
export async function seedThroughApi(base: string, sinkUrl: string | null, caps = false): Promise<Seeded> {
  const advertiserId = await create(base, 'advertisers', { name: 'Bench advertiser' });
  const affiliateId = await create(base, 'affiliates', { name: 'Bench affiliate' });
  const offerId = await create(base, 'offers', {
    title: 'Bench offer',
    advertiser_id: advertiserId,
    tracking_url: 'https://example.com/landing?click={clickid}&s1={sub1}',
    payouts: [{ goal: '1', title: '1', revenue: 10, payout: 7, payout_type: 'fixed' }],
    ...(caps ? { caps: BENCH_CAPS } : {}),
  });
  let sinkAffiliateId: number | null = null;
  if (sinkUrl) {
    sinkAffiliateId = await create(base, 'affiliates', { name: 'Bench sink affiliate' });
    await create(base, `affiliates/${sinkAffiliateId}/postbacks`, { url: sinkUrl });
  }
  return { advertiserId, offerId, affiliateId, sinkAffiliateId };
}

/**
 * Starts a short-lived Trackpost process of `root` on `databaseUrl` (which creates and migrates
 * the database), seeds it through the admin API, and stops it.
 */
export async function seedDatabase(
  root: string,
  dir: string,
  databaseUrl: string,
  env: Record<string, string>,
  sinkUrl: string | null,
  label: string,
  caps = false,
): Promise<Seeded> {
  const server = await startTrackpost({ root, dir, databaseUrl, adminKey: ADMIN_KEY, role: 'http', env, label });
  try {
    return await seedThroughApi(server.base, sinkUrl, caps);
  } finally {
    await server.stop();
  }
}
