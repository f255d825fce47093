/**
 * The offer editor's working copy: an offer as the form holds it, how a new one starts, and the
 * body sent to the admin API (empty optional texts become null, as the API stores "none").
 */
import { capSettings } from '../../../../src/domain/caps';
import { offerDefaults, newPayout as serverPayout } from '../../../../src/domain/offer-defaults';
import { statusName } from '../../../../src/domain/status';
import type { OfferRecord, PayoutRecord } from '../../api/types';

export type CapDraft = Omit<OfferRecord['caps'][number], 'id'> & { id?: number };

export type OfferDraft = Omit<OfferRecord, 'id' | 'created_at' | 'updated_at' | 'caps' | 'advertiser_id'> & {
  advertiser_id: number | null;
  caps: CapDraft[];
};

/** A new payout: the server's payout defaults, its status as the API names it. */
export function newPayout(goal = '1'): PayoutRecord {
  const payout = serverPayout({ goal, title: '', revenue: 0, payout: 0 });
  return { ...payout, default_status: statusName(payout.default_status) };
}

export const newCap = (): CapDraft => ({
  period: 'day',
  type: 'conversions',
  value: 100,
  goal_type: 'all',
  goals: [],
  affiliate_type: 'all',
  affiliates: [],
});

/**
 * A new offer: the server's own defaults (src/domain/offer-defaults.ts and caps.ts are pure
 * modules), so the form starts where the API would; statuses as the API names them.
 */
const defaults = offerDefaults();
const caps = capSettings(defaults);
export const NEW_OFFER: OfferDraft = {
  ...defaults,
  ...caps,
  title: '',
  advertiser_id: null,
  tracking_url: '',
  payouts: [newPayout()],
  caps: [],
  caps_status: caps.caps_status.map(statusName),
};

export function draftOf(offer: OfferRecord): OfferDraft {
  const { id: _id, created_at: _c, updated_at: _u, ...rest } = offer;
  return rest;
}

const orNull = (text: string | null) => (text?.trim() ? text.trim() : null);

/** The body of POST or PATCH /3.0/admin/offers from the draft. */
export function bodyOf(draft: OfferDraft): Record<string, unknown> {
  return {
    ...draft,
    trafficback_url: orNull(draft.trafficback_url),
    cross_postback_url: orNull(draft.cross_postback_url),
    secure_token: orNull(draft.secure_token),
    signing_secret: orNull(draft.signing_secret),
    payouts: draft.payouts.map((payout) => ({ ...payout, title: payout.title.trim() ? payout.title : null })),
  };
}

/**
 * Server refusals that name a part of the form in a form the API client does not split
 * ("caps[0].value must be …", "caps_status must be …"): the prefix tells where to show them.
 */
export function errorAt(error: unknown, prefix: string): string | undefined {
  if (!(error instanceof Error)) return undefined;
  return error.message.startsWith(prefix) ? error.message : undefined;
}
