/**
 * Every record the API answers with, registered once with Fastify (`registerRecordSchemas`).
 *
 * The convention, for every route:
 * - a record's schema lives in `src/schemas/<record>.ts`, with an `$id`, a description, and its
 *   `Static<>` type exported (`XSchema`, `XRecord`); the web console is typed from these;
 * - a route declares every answer: `response: { 200: ref(XSchema), ...errorResponses(400, 401, 404) }`;
 * - the schema does the shaping: the serialiser writes declared keys only, in the schema's
 *   order, so a presenter computes values (ISO times, decimal money, status names) and no more;
 *   an open-ended object (a postback's parameters, custom fields) is a `Type.Record`;
 * - a new record schema is added to RECORD_SCHEMAS below, so /openapi.json lists it under
 *   `components.schemas` by its `$id` (a test checks that every one is there, and that no route
 *   answers with an undeclared body).
 */
import type { TSchema } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AdvertiserListSchema, AdvertiserSchema } from './advertiser.js';
import { AffiliatePostbackListSchema, AffiliatePostbackSchema } from './affiliate-postback.js';
import { AffiliateApiKeySchema, AffiliateCreatedSchema, AffiliateListSchema, AffiliateSchema } from './affiliate.js';
import { CapCounterSchema, CapProgressSchema, CapsStatsSchema, OfferCapsStatsSchema } from './cap-stats.js';
import { DeletedSchema, PaginationSchema } from './common.js';
import {
  ConversionListSchema,
  ConversionSchema,
  StatsConversionSchema,
  PartnerConversionListSchema,
  PartnerConversionSchema,
} from './conversion.js';
import { ErrorSchema } from './error.js';
import { OfferListSchema, OfferSchema, PayoutSchema } from './offer.js';
import { HealthSchema } from './ops.js';
import {
  DeliveryAttemptSchema,
  OutboundDetailSchema,
  OutboundPostbackListSchema,
  OutboundPostbackSchema,
  OutboundStatsRowSchema,
  PartnerOutboundPostbackListSchema,
  PartnerOutboundPostbackSchema,
} from './outbound.js';
import { OutboundHealthListSchema, OutboundHealthSchema, ResumedSchema } from './outbound-health.js';
import { PostbackAnswerSchema } from './postback-answer.js';
import { ServerPostbackListSchema, ServerPostbackSchema } from './server-postback.js';
import { ShareLinkCreatedSchema, ShareLinkSchema } from './share-link.js';
import {
  LastDeliverySchema,
  PartnerCapSchema,
  PartnerOfferListSchema,
  PartnerOfferSchema,
  PartnerPayoutSchema,
  PartnerTrackingEventListSchema,
  PartnerTrackingEventSchema,
  PostbackTestSchema,
} from './partner.js';
import { TrackingEventListSchema, TrackingEventSchema } from './tracking-event.js';

/** Every registered schema; one that is referenced must come after what it references. */
export const RECORD_SCHEMAS: readonly TSchema[] = [
  ErrorSchema,
  PaginationSchema,
  DeletedSchema,
  HealthSchema,
  PostbackAnswerSchema,
  AdvertiserSchema,
  AdvertiserListSchema,
  AffiliateSchema,
  AffiliateCreatedSchema,
  AffiliateApiKeySchema,
  AffiliateListSchema,
  PayoutSchema,
  OfferSchema,
  OfferListSchema,
  AffiliatePostbackSchema,
  AffiliatePostbackListSchema,
  TrackingEventSchema,
  TrackingEventListSchema,
  ConversionSchema,
  StatsConversionSchema,
  ConversionListSchema,
  PartnerConversionSchema,
  PartnerConversionListSchema,
  ServerPostbackSchema,
  ServerPostbackListSchema,
  OutboundPostbackSchema,
  OutboundStatsRowSchema,
  OutboundPostbackListSchema,
  PartnerOutboundPostbackSchema,
  PartnerOutboundPostbackListSchema,
  DeliveryAttemptSchema,
  OutboundDetailSchema,
  OutboundHealthSchema,
  OutboundHealthListSchema,
  ResumedSchema,
  ShareLinkSchema,
  ShareLinkCreatedSchema,
  CapCounterSchema,
  CapProgressSchema,
  OfferCapsStatsSchema,
  CapsStatsSchema,
  PartnerPayoutSchema,
  PartnerCapSchema,
  PartnerOfferSchema,
  PartnerOfferListSchema,
  LastDeliverySchema,
  PartnerTrackingEventSchema,
  PartnerTrackingEventListSchema,
  PostbackTestSchema,
];

/** Registers every record schema on the root instance, before any route refers to one. */
export function registerRecordSchemas(app: FastifyInstance): void {
  for (const schema of RECORD_SCHEMAS) app.addSchema(schema);
}

/**
 * The OpenAPI component name of a registered schema: its `$id` (instead of `def-N`), so
 * /openapi.json reads `#/components/schemas/Conversion`.
 */
export function componentName(json: { $id?: unknown }, index: number): string {
  return typeof json.$id === 'string' ? json.$id : `def-${index}`;
}
