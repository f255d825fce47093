/**
 * Filling a database for the report bench through the store itself (this tree's `src/store`),
 * so clicks, conversions and the counters the reports read are written exactly as the server
 * writes them, on SQLite or PostgreSQL: `clicks` clicks spread evenly over the last 30 days
 * across the seeded offers and affiliates (sub1 from 200 values, six countries), and one
 * conversion for every tenth click a minute after it (70% approved, 20% pending, 10% declined).
 * Writes go in concurrent chunks, so group commit batches them as it batches live traffic.
 * The records they refer to are made first, through the admin API (`seedForReports`).
 */
import { newObjectId } from '../src/domain/object-id.js';
import type { StatusCode } from '../src/domain/status.js';
import type { Click, Conversion } from '../src/domain/entities.js';
import { openStore } from '../src/store/open.js';
import { create } from './seed.js';

const DAY_MS = 86_400_000;
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'BR', 'IN'];
const STATUSES: StatusCode[] = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3];
const CHUNK = 2000;
const OFFERS = 10;
const AFFILIATES = 20;

/**
 * One advertiser, OFFERS offers paying on goal 1, AFFILIATES affiliates, created through the
 * admin API at `base` (a server on the database to fill, with seed.ts's ADMIN_KEY).
 */
export async function seedForReports(base: string) {
  const advertiserId = await create(base, 'advertisers', { name: 'Report advertiser' });
  const offerIds: number[] = [];
  for (let i = 1; i <= OFFERS; i++) {
    offerIds.push(
      await create(base, 'offers', {
        title: `Report offer ${i}`,
        advertiser_id: advertiserId,
        tracking_url: 'https://example.com/?c={clickid}',
        payouts: [{ goal: '1', revenue: 10, payout: 7 }],
      }),
    );
  }
  const affiliateIds: number[] = [];
  for (let i = 1; i <= AFFILIATES; i++) affiliateIds.push(await create(base, 'affiliates', { name: `Aff ${i}` }));
  return { advertiserId, offerIds, affiliateIds };
}

export interface FillPlan {
  databaseUrl: string;
  clicks: number;
  advertiserId: number;
  offerIds: number[];
  affiliateIds: number[];
  /** The end of the filled range (the clicks end a minute before it). */
  nowMs: number;
  onProgress?: (done: number) => void;
}

function conversionOf(click: Click, advertiserId: number, i: number, nowMs: number): Conversion {
  const at = Math.min(click.created_at + 60_000, nowMs - 1000);
  return {
    id: newObjectId(at),
    clickid: click.clickid,
    action_id: click.clickid,
    offer_id: click.offer_id,
    advertiser_id: advertiserId,
    affiliate_id: click.affiliate_id,
    goal: '1',
    goal_title: '1',
    status: STATUSES[i % STATUSES.length],
    sum: null,
    revenue: 100_000,
    payout: 70_000,
    currency: 'USD',
    country: click.country,
    ip: click.ip,
    comment: null,
    custom_fields: {},
    subs: click.subs,
    click_at: click.created_at,
    created_at: at,
    updated_at: at,
    hold_until: null,
    delta: Math.floor((at - click.created_at) / 1000),
    user_agent: click.user_agent,
    referrer: null,
  };
}

/** Writes the plan's clicks and conversions; resolves once all are committed. */
export async function fillForReports(plan: FillPlan): Promise<{ clicks: number; conversions: number }> {
  const store = await openStore({ databaseUrl: plan.databaseUrl, writeBatchMs: 2 });
  store.setFanOut(() => []);
  const from = plan.nowMs - 30 * DAY_MS;
  const span = 30 * DAY_MS - 60_000;
  let conversions = 0;
  try {
    for (let start = 0; start < plan.clicks; start += CHUNK) {
      const clicks: Click[] = [];
      for (let i = start; i < Math.min(plan.clicks, start + CHUNK); i++) {
        const at = from + Math.floor((i * span) / plan.clicks);
        const subs: (string | null)[] = Array(8).fill(null);
        subs[0] = `src${i % 200}`;
        clicks.push({
          clickid: newObjectId(at),
          offer_id: plan.offerIds[i % plan.offerIds.length],
          affiliate_id: plan.affiliateIds[(i >> 3) % plan.affiliateIds.length],
          subs,
          ip: `198.51.${(i >> 8) & 255}.${i & 255}`,
          user_agent: 'Mozilla/5.0 (bench)',
          country: COUNTRIES[i % COUNTRIES.length],
          referrer: null,
          created_at: at,
          uniq: i % 5 !== 0,
        });
      }
      const tally = { advertiser_id: plan.advertiserId, currency: 'USD' };
      await Promise.all(clicks.map((click) => store.clicks.insert(click, tally)));
      const converting = clicks.filter((_, k) => (start + k) % 10 === 0);
      await Promise.all(
        converting.map((click, k) => {
          const conversion = conversionOf(click, plan.advertiserId, start + k, plan.nowMs);
          return store.conversions.record({
            conversion,
            identity: { offer_id: click.offer_id, goal_key: '1', action_key: click.clickid, once_per_click: false },
            passed_status: null,
            passed_comment: null,
            log: {
              id: newObjectId(conversion.created_at),
              created_at: conversion.created_at,
              offer_id: click.offer_id,
              advertiser_id: plan.advertiserId,
              affiliate_id: click.affiliate_id,
              clickid: click.clickid,
              status: null,
              goal: '1',
              action_id: null,
              ip: '203.0.113.9',
              integration: 's2s',
              delta: conversion.delta,
              params: { clickid: click.clickid },
              response: { status: 1 },
            },
          });
        }),
      );
      conversions += converting.length;
      plan.onProgress?.(Math.min(plan.clicks, start + CHUNK));
    }
  } finally {
    await store.close();
  }
  return { clicks: plan.clicks, conversions };
}
