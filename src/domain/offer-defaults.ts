/**
 * What an offer and its payouts hold when a field is not given: the one list the admin API, the
 * demo catalog and the tests build offers from.
 */
import { DEFAULT_CAPS_STATUS } from './caps.js';
import type { Offer, Payout } from './entities.js';
import { STATUS } from './status.js';

/** The fields every offer must be given: the rest have defaults. */
type Given = 'title' | 'advertiser_id' | 'tracking_url';
export type OfferDefaults = Omit<Offer, Given | 'id' | 'created_at' | 'updated_at'>;

/** A fresh copy of the defaults (lists are new each time, so no caller shares one). */
export function offerDefaults(): OfferDefaults {
  return {
    status: 'active',
    trafficback_url: null,
    currency: 'USD',
    privacy: 'public',
    allowed_affiliates: [],
    click_lifespan_days: 30,
    hold_days: 0,
    secure_token: null,
    allowed_ips: [],
    cross_postback_url: null,
    cross_postback_method: 'GET',
    signing_secret: null,
    payouts: [],
    caps: [],
    caps_timezone: 'UTC',
    caps_status: [...DEFAULT_CAPS_STATUS],
    is_redirect_overcap: false,
  };
}

/** An offer to create: the given fields over the defaults. */
export function newOffer(
  fields: Pick<Offer, Given> & Partial<OfferDefaults>,
): Omit<Offer, 'id' | 'created_at' | 'updated_at'> {
  return { ...offerDefaults(), ...fields };
}

/** A payout (goal): the given fields over the defaults (fixed, every country and affiliate). */
export function newPayout(fields: Pick<Payout, 'goal' | 'title' | 'revenue' | 'payout'> & Partial<Payout>): Payout {
  return {
    payout_type: 'fixed',
    countries: [],
    affiliates: [],
    private: false,
    multiple: 'txn',
    default_status: STATUS.approved,
    ...fields,
  };
}
