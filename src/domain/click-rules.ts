/**
 * Whether a /click may go ahead (docs/api.md, "Clicks"), as a pure function: the first rule
 * that fails is the refusal, with the status and one-line text the visitor gets and the reason
 * slug the trafficback report counts it under (docs/reports-and-caps.md). The handler
 * (tracking/click.ts) only reads the request, stores and redirects.
 */
import type { AdvertiserView, OfferView } from './catalog-view.js';
import type { Affiliate, Offer } from './entities.js';

export type ClickRefusalReason =
  | 'invalid-offer'
  | 'unknown-offer'
  | 'inactive-offer'
  | 'invalid-affiliate'
  | 'unknown-affiliate'
  | 'inactive-affiliate'
  | 'disabled-affiliate'
  /** Refused by a cap of the offer (tracking/click.ts; domain/click-caps.ts decides). */
  | 'overcap';

export interface ClickRefusal {
  ok: false;
  code: 400 | 403 | 404;
  text: string;
  reason: ClickRefusalReason;
  /** The offer when it was found: its trafficback URL takes the visitor instead. */
  offer: Offer | null;
  /** The affiliate's id when the affiliate was found. */
  affiliateId: number | null;
}

export type ClickDecision = { ok: true; offer: Offer; affiliate: Affiliate } | ClickRefusal;

/** The catalog reads the rules need (catalog/cache.ts provides them). */
export interface ClickCatalog {
  offer(id: number): OfferView | undefined;
  advertiser(id: number): AdvertiserView | undefined;
  affiliate(id: number): Affiliate | undefined;
}

/** A positive integer id, or null. */
export function parseId(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  return /^[1-9]\d{0,14}$/.test(trimmed) ? Number(trimmed) : null;
}

/** Whether the offer is open to the affiliate: public, or private and naming it as allowed. */
export function offerOpenTo(offer: Pick<Offer, 'privacy' | 'allowed_affiliates'>, affiliateId: number): boolean {
  return offer.privacy === 'public' || offer.allowed_affiliates.includes(affiliateId);
}

function refusal(
  code: ClickRefusal['code'],
  text: string,
  reason: ClickRefusalReason,
  offer: Offer | null = null,
  affiliateId: number | null = null,
): ClickRefusal {
  return { ok: false, code, text, reason, offer, affiliateId };
}

const isBlank = (text: string | undefined): boolean => text === undefined || text.trim() === '';

/**
 * The rules in order: the offer (given, well-formed, known, active with an active advertiser),
 * then the affiliate (given as `pid`, well-formed, known, not banned, allowed on a private offer).
 */
export function decideClick(
  offerText: string | undefined,
  pidText: string | undefined,
  catalog: ClickCatalog,
): ClickDecision {
  if (isBlank(offerText)) return refusal(400, 'Missing mandatory parameter offer_id', 'invalid-offer');
  const offerId = parseId(offerText);
  if (offerId === null) return refusal(404, 'Offer not found', 'invalid-offer');
  const view = catalog.offer(offerId);
  if (!view) return refusal(404, 'Offer not found', 'unknown-offer');
  const offer = view.offer;
  if (offer.status !== 'active' || catalog.advertiser(offer.advertiser_id)?.advertiser.status === 'disabled') {
    return refusal(404, 'Offer is not active', 'inactive-offer', offer);
  }
  if (isBlank(pidText)) return refusal(400, 'Missing mandatory parameter pid', 'invalid-affiliate', offer);
  const affiliateId = parseId(pidText);
  if (affiliateId === null) return refusal(404, 'Affiliate not found', 'invalid-affiliate', offer);
  const affiliate = catalog.affiliate(affiliateId);
  if (!affiliate) return refusal(404, 'Affiliate not found', 'unknown-affiliate', offer);
  if (affiliate.status !== 'active')
    return refusal(403, 'Affiliate is banned', 'inactive-affiliate', offer, affiliate.id);
  if (!offerOpenTo(offer, affiliate.id)) {
    return refusal(403, 'Affiliate is not allowed on this offer', 'disabled-affiliate', offer, affiliate.id);
  }
  return { ok: true, offer, affiliate };
}
