/**
 * Catalog records for tracking tests, made through the store (not the admin API) and loaded
 * into the catalog, plus shortcuts to click and post back.
 */
import assert from 'node:assert/strict';
import { newObjectId } from '../../src/domain/object-id.js';
import { parseMoney } from '../../src/domain/money.js';
import type { Advertiser, Affiliate, Click, Offer, Payout } from '../../src/domain/entities.js';
import type { TestApp } from '../helpers/harness.js';
import { newOffer, newPayout } from '../../src/domain/offer-defaults.js';

type Input<T> = Omit<T, 'id' | 'created_at' | 'updated_at'>;

export const money = (text: string) => parseMoney(text) as number;

export function payout(overrides: Partial<Payout> = {}): Payout {
  return newPayout({
    goal: '1',
    title: 'Install',
    revenue: money('10'),
    payout: money('7'),
    ...overrides,
  });
}

export interface World {
  advertiser: Advertiser;
  affiliate: Affiliate;
  offer: Offer;
}

/** An advertiser, an active affiliate and an active public offer with goal 1; overrides apply. */
export async function seedWorld(
  t: TestApp,
  overrides: {
    advertiser?: Partial<Input<Advertiser>>;
    affiliate?: Partial<Input<Affiliate>>;
    offer?: Partial<Input<Offer>>;
  } = {},
): Promise<World> {
  const { store } = t.ctx;
  const advertiser = await store.advertisers.create({
    name: 'Adv',
    status: 'active',
    secure_token: null,
    allowed_ips: [],
    ...overrides.advertiser,
  });
  const affiliate = await store.affiliates.create({
    name: 'Aff',
    status: 'active',
    signing_secret: null,
    api_key_hash: 'x'.repeat(64),
    ...overrides.affiliate,
  });
  const offer = await store.offers.create(
    newOffer({
      title: 'Offer',
      advertiser_id: advertiser.id,
      tracking_url: 'https://land.example/?c={clickid}&s={sub1}',
      payouts: [payout()],
      ...overrides.offer,
    }),
  );
  return { advertiser, affiliate, offer };
}

/** Stores a click directly (no HTTP), optionally made at an earlier time. */
export async function insertClick(
  t: TestApp,
  world: World,
  at: number = Date.now(),
  extra: Partial<Click> = {},
): Promise<string> {
  const clickid = newObjectId(at);
  await t.ctx.store.clicks.insert({
    clickid,
    uniq: true,
    offer_id: world.offer.id,
    affiliate_id: world.affiliate.id,
    subs: ['s1', null, null, null, null, null, null, null],
    ip: '8.8.8.8',
    user_agent: 'test',
    country: 'US',
    referrer: null,
    created_at: at,
    ...extra,
  });
  return clickid;
}

/** GET /postback with the given query; returns the parsed JSON answer (asserting HTTP 200). */
export async function postback(t: TestApp, query: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await t.app.inject({ method: 'GET', url: '/postback', query, headers });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as { status: 1 | 2; message?: string; error?: string; conversion_id?: string };
}

/** Every postback log row of today, newest first. */
export async function logRows(t: TestApp) {
  const page = await t.ctx.store.postbackLog.list(
    { from: Date.now() - 86_400_000, to: Date.now() + 86_400_000 },
    { page: 1, limit: 1000 },
  );
  return page.rows;
}

export async function allConversions(t: TestApp) {
  const page = await t.ctx.store.conversions.list({ from: 0, to: Date.now() + 86_400_000 }, { page: 1, limit: 1000 });
  return page.rows;
}
