/**
 * What the rules read of the catalog: an offer or advertiser with what the hot path derives
 * from it once per reload (payouts by goal, compiled IP lists). The in-memory catalog
 * (catalog/cache.ts) builds these; postback and click rules take them as plain values.
 */
import type { Advertiser, Offer, Payout } from './entities.js';
import { goalKey } from './goal.js';
import { compileIpList, type IpRule } from './ip-list.js';

/** An offer with what the hot path derives from it, computed once per reload. */
export interface OfferView {
  offer: Offer;
  payoutsByGoal: Map<string, Payout>;
  ipRules: IpRule[];
}

export interface AdvertiserView {
  advertiser: Advertiser;
  ipRules: IpRule[];
}

export function offerView(offer: Offer): OfferView {
  return {
    offer,
    payoutsByGoal: new Map(offer.payouts.map((payout) => [goalKey(payout.goal), payout])),
    ipRules: compileIpList(offer.allowed_ips),
  };
}

export function advertiserView(advertiser: Advertiser): AdvertiserView {
  return { advertiser, ipRules: compileIpList(advertiser.allowed_ips) };
}
