/**
 * Shared set-up for the admin and stats tests: requests with the admin key, a small catalog
 * made through the admin API, and conversions and postback log rows written through the real
 * store (as the postback endpoint writes them), with chosen creation times.
 */
import assert from 'node:assert/strict';
import { newObjectId } from '../../src/domain/object-id.js';
import { goalKey } from '../../src/domain/goal.js';
import { STATUS, type StatusCode } from '../../src/domain/status.js';
import type { Conversion, PostbackLogRow } from '../../src/domain/entities.js';
import type { TestApp } from '../helpers/harness.js';

export interface Answer {
  status: number;
  body: any;
}

/** One admin API request; the JSON answer parsed. */
export async function call(t: TestApp, method: string, url: string, payload?: unknown): Promise<Answer> {
  const response = await t.app.inject({
    method: method as 'GET',
    url,
    headers: t.admin,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
}

/** Creates through the API and returns the created record (asserting 201). */
export async function create(t: TestApp, collection: string, payload: unknown): Promise<any> {
  const answer = await call(t, 'POST', `/3.0/admin/${collection}`, payload);
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

export interface Catalog {
  advertisers: number[];
  affiliates: number[];
  offers: number[];
}

/** Two advertisers, two affiliates, and one offer per advertiser with goals "1" and "sale". */
export async function seedCatalog(t: TestApp): Promise<Catalog> {
  const advertisers = [
    (await create(t, 'advertisers', { name: 'Adv A' })).id,
    (await create(t, 'advertisers', { name: 'Adv B' })).id,
  ];
  const affiliates = [
    (await create(t, 'affiliates', { name: 'Aff A' })).id,
    (await create(t, 'affiliates', { name: 'Aff B' })).id,
  ];
  const offers: number[] = [];
  for (const advertiser_id of advertisers) {
    offers.push(
      (
        await create(t, 'offers', {
          title: `Offer of ${advertiser_id}`,
          advertiser_id,
          tracking_url: 'https://shop.example/?c={clickid}',
          payouts: [
            { goal: '1', revenue: 2, payout: 1 },
            { goal: 'sale', revenue: 10, payout: 5, default_status: 'pending' },
          ],
        })
      ).id,
    );
  }
  return { advertisers, affiliates, offers };
}

export interface ConversionSeed {
  offer: number;
  advertiser: number;
  affiliate: number;
  goal?: string;
  status?: StatusCode;
  country?: string | null;
  action_id?: string;
  /** Creation time, Unix ms; default now. */
  at?: number;
}

/** Writes a conversion (and its log row) through ConversionRepo.record, as a postback would. */
export async function seedConversion(t: TestApp, seed: ConversionSeed): Promise<Conversion> {
  const at = seed.at ?? Date.now();
  const clickid = newObjectId(at - 60_000);
  const goal = seed.goal ?? '1';
  const action_id = seed.action_id ?? clickid;
  const conversion: Conversion = {
    id: newObjectId(at),
    clickid,
    action_id,
    offer_id: seed.offer,
    advertiser_id: seed.advertiser,
    affiliate_id: seed.affiliate,
    goal,
    goal_title: goal,
    status: seed.status ?? STATUS.approved,
    sum: null,
    revenue: 20_000,
    payout: 10_000,
    currency: 'USD',
    country: seed.country ?? null,
    ip: '203.0.113.7',
    comment: null,
    custom_fields: {},
    subs: Array(8).fill(null),
    click_at: at - 60_000,
    created_at: at,
    updated_at: at,
    hold_until: null,
    delta: 60,
    user_agent: null,
    referrer: null,
  };
  const { outcome } = await t.ctx.store.conversions.record({
    conversion,
    identity: { offer_id: seed.offer, goal_key: goalKey(goal), action_key: action_id, once_per_click: false },
    passed_status: null,
    passed_comment: null,
    log: logRow({
      at,
      offer: seed.offer,
      advertiser: seed.advertiser,
      affiliate: seed.affiliate,
      clickid,
      goal,
      action_id,
    }),
  });
  assert.equal(outcome.kind, 'created');
  return conversion;
}

export interface LogSeed {
  at?: number;
  offer?: number | null;
  advertiser?: number | null;
  affiliate?: number | null;
  clickid?: string | null;
  goal?: string | null;
  status?: string | null;
  action_id?: string | null;
  params?: Record<string, string>;
  response?: PostbackLogRow['response'];
  integration?: 's2s' | 'c2s';
}

/** A server postbacks log row with the given fields (ids begin with the creation time). */
export function logRow(seed: LogSeed): PostbackLogRow {
  const at = seed.at ?? Date.now();
  const clickid = seed.clickid ?? null;
  return {
    id: newObjectId(at),
    created_at: at,
    offer_id: seed.offer ?? null,
    advertiser_id: seed.advertiser ?? null,
    affiliate_id: seed.affiliate ?? null,
    clickid,
    status: seed.status ?? null,
    goal: seed.goal ?? null,
    action_id: seed.action_id ?? null,
    ip: '203.0.113.7',
    integration: seed.integration ?? 's2s',
    delta: 60,
    params: seed.params ?? { clickid: clickid ?? '' },
    response: seed.response ?? { status: 1, message: 'Conversion created' },
  };
}

/** A day as the stats queries take it. */
export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `date_from`..`date_to` around now (yesterday to tomorrow). */
export function aroundNow(): string {
  return `date_from=${day(Date.now() - 86_400_000)}&date_to=${day(Date.now() + 86_400_000)}`;
}
