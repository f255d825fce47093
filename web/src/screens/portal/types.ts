/**
 * Types of the affiliate API's records, from the server's TypeBox schemas (type-only imports:
 * nothing of the server reaches the bundle). None of them has a revenue, charge or earning field.
 */
import type { Static } from '@fastify/type-provider-typebox';
import type {
  AffiliatePostbackListSchema,
  AffiliatePostbackSchema,
} from '../../../../src/schemas/affiliate-postback.js';
import type { AffiliateApiKeySchema } from '../../../../src/schemas/affiliate.js';
import type { PartnerConversionListSchema, PartnerConversionSchema } from '../../../../src/schemas/conversion.js';
import type { PartnerOutboundPostbackListSchema } from '../../../../src/schemas/outbound.js';
import type {
  PartnerOfferListSchema,
  PartnerOfferSchema,
  PartnerTrackingEventListSchema,
  PartnerTrackingEventSchema,
  PostbackTestSchema,
} from '../../../../src/schemas/partner.js';

export type PartnerOffer = Static<typeof PartnerOfferSchema>;
export type PartnerOfferList = Static<typeof PartnerOfferListSchema>;
export type PartnerConversion = Static<typeof PartnerConversionSchema>;
export type PartnerConversionList = Static<typeof PartnerConversionListSchema>;
export type PartnerLog = Static<typeof PartnerOutboundPostbackListSchema>;
export type PostbackUrl = Static<typeof AffiliatePostbackSchema>;
export type PostbackUrlList = Static<typeof AffiliatePostbackListSchema>;
export type PartnerTrackingEvent = Static<typeof PartnerTrackingEventSchema>;
export type PartnerTrackingEventList = Static<typeof PartnerTrackingEventListSchema>;
export type PostbackTest = Static<typeof PostbackTestSchema>;
export type NewApiKey = Static<typeof AffiliateApiKeySchema>;

/** One row of the affiliate's statistics (7.7): counts and its own payout, never the advertiser's money. */
export interface StatsRow {
  slice: Record<string, unknown>;
  traffic: { raw: string; uniq: string };
  actions: Record<string, { revenue: number; null: number; count: number }>;
  cr: Record<string, number>;
  epc: number;
  ratio: string;
  trafficback?: number;
}

export interface StatsAnswer {
  status: 1;
  stats: StatsRow[];
  pagination: { per_page: number; total_count: number; page: number };
}
