/** Plain records for the unit tests of the pure rules: no store, no app. */
import type { CapRule } from '../../src/domain/caps.js';
import type { Advertiser, Affiliate, Click, Offer, Payout } from '../../src/domain/entities.js';
import { newObjectId } from '../../src/domain/object-id.js';
import { newOffer, newPayout } from '../../src/domain/offer-defaults.js';

export const DAY = 86_400_000;

export function samplePayout(change: Partial<Payout> = {}): Payout {
  return newPayout({
    goal: '1',
    title: 'Install',
    revenue: 100_000,
    payout: 70_000,
    ...change,
  });
}

/** A cap rule: a daily clicks cap of 3 for every goal and affiliate, with the changes given. */
export function sampleCapRule(change: Partial<CapRule> = {}): CapRule {
  return {
    id: 1,
    period: 'day',
    type: 'clicks',
    value: 3,
    goal_type: 'all',
    goals: [],
    affiliate_type: 'all',
    affiliates: [],
    ...change,
  };
}

export function sampleOffer(change: Partial<Offer> = {}): Offer {
  return {
    id: 7,
    created_at: 0,
    updated_at: 0,
    ...newOffer({ title: 'Offer', advertiser_id: 3, tracking_url: 'https://land.example/', payouts: [samplePayout()] }),
    ...change,
  };
}

export function sampleAdvertiser(change: Partial<Advertiser> = {}): Advertiser {
  return {
    id: 3,
    name: 'Adv',
    status: 'active',
    secure_token: null,
    allowed_ips: [],
    created_at: 0,
    updated_at: 0,
    ...change,
  };
}

export function sampleAffiliate(change: Partial<Affiliate> = {}): Affiliate {
  return {
    id: 5,
    name: 'Aff',
    status: 'active',
    signing_secret: null,
    api_key_hash: 'x',
    created_at: 0,
    updated_at: 0,
    ...change,
  };
}

export function sampleClick(change: Partial<Click> = {}): Click {
  const created_at = change.created_at ?? Date.now() - 60_000;
  return {
    clickid: newObjectId(created_at),
    offer_id: 7,
    affiliate_id: 5,
    subs: Array(8).fill(null),
    ip: '203.0.113.5',
    user_agent: null,
    country: 'DE',
    referrer: null,
    created_at,
    uniq: true,
    ...change,
  };
}
