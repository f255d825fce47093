/**
 * Types of the API's records, taken from the server's TypeBox schemas (src/schemas/,
 * src/people/schemas.ts) so that the console and the server cannot disagree. Type-only imports:
 * nothing of the server ends up in the bundle.
 */
import type { Static } from '@fastify/type-provider-typebox';
import type { SignedIn, UserSchema } from '../../../src/people/schemas.js';
import type { AuditRow } from '../../../src/people/audit-routes.js';
import type { PaginationSchema } from '../../../src/schemas/common.js';
import type { ReportAnswer, ReportRow } from '../../../src/stats/custom-schema.js';

export type { ErrorRecord } from '../../../src/schemas/error.js';
export type { ServerPostbackRecord, ServerPostbackListRecord } from '../../../src/schemas/server-postback.js';
export type { ShareLinkRecord } from '../../../src/schemas/share-link.js';
export type { ConversionListRecord, ConversionRecord } from '../../../src/schemas/conversion.js';
export type {
  DeliveryAttemptRecord,
  OutboundDetailRecord,
  OutboundPostbackListRecord,
} from '../../../src/schemas/outbound.js';
export type { OfferRecord, PayoutRecord } from '../../../src/schemas/offer.js';
export type { AdvertiserRecord } from '../../../src/schemas/advertiser.js';
export type { AffiliateRecord, AffiliateCreatedRecord } from '../../../src/schemas/affiliate.js';
export type { AffiliatePostbackRecord } from '../../../src/schemas/affiliate-postback.js';
export type { TrackingEventRecord } from '../../../src/schemas/tracking-event.js';
export type { CapProgressRecord, CapsStatsRecord } from '../../../src/schemas/cap-stats.js';

export type User = Static<typeof UserSchema>;
export type Role = User['role'];
export type SignedInRecord = Static<typeof SignedIn>;

/** The `pagination` object of every list answer. */
export type Pagination = Static<typeof PaginationSchema>;

export type AuditRecord = Static<typeof AuditRow>;

/** A row of the custom and trafficback reports, and a page of them. */
export type ReportRowRecord = Static<typeof ReportRow>;
export type ReportAnswerRecord = Static<typeof ReportAnswer>;
