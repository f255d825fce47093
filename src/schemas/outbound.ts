/**
 * Outbound log rows: one affiliate postback, tracking event or cross-postback with its delivery
 * state; the affiliate's own view without revenue; and the admin's single-row view with every
 * attempt (see docs/api.md, "Outbound postbacks").
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import {
  AffiseDate,
  AffiseId,
  Id,
  Money,
  Nullable,
  NullableTimestamp,
  StatusCode,
  StatusName,
  StringEnum,
  Timestamp,
  listOf,
  ref,
} from './common.js';

export const OutboundPostbackSchema = Type.Object(
  {
    id: Type.String(),
    type: StringEnum(['postback', 'tracking_event', 'cross_postback'] as const),
    url: Type.String({ description: 'The URL requested, macros filled' }),
    method: StringEnum(['GET', 'POST'] as const),
    conversion_id: Type.String(),
    affiliate_id: Id(),
    offer_id: Id(),
    goal: Type.String(),
    status: StatusName('Conversion status at the event'),
    status_code: StatusCode(),
    payouts: Money("The affiliate's payout"),
    revenue: Money(),
    currency: Type.String(),
    notice: Nullable(Type.String()),
    http_code: Type.Integer({ description: 'HTTP code of the last answer; 0: no answer' }),
    error: Nullable(Type.String(), { description: 'Why the last attempt failed' }),
    state: StringEnum(['pending', 'retrying', 'delivered', 'failed', 'skipped', 'paused'] as const, {
      description: 'paused: held while its configuration is paused after repeated failures',
    }),
    attempts: Type.Integer(),
    date: Timestamp('When the conversion event happened'),
    integration: StringEnum(['s2s', 'c2s', 'admin', 'hold'] as const, { description: 'What caused the event' }),
  },
  { $id: 'OutboundPostback', description: 'An outbound postback with its delivery state' },
);

export type OutboundPostbackRecord = Static<typeof OutboundPostbackSchema>;

export const PartnerOutboundPostbackSchema = Type.Omit(OutboundPostbackSchema, ['revenue'], {
  $id: 'PartnerOutboundPostback',
  description: 'A postback or tracking event sent to you (no revenue)',
});

export type PartnerOutboundPostbackRecord = Static<typeof PartnerOutboundPostbackSchema>;

export const DeliveryAttemptSchema = Type.Object(
  {
    attempt: Type.Integer({ description: 'From 1' }),
    date: Timestamp(),
    http_code: Type.Integer({ description: '0: no answer' }),
    error: Nullable(Type.String()),
    duration_ms: Type.Number(),
  },
  { $id: 'DeliveryAttempt', description: 'One delivery attempt' },
);

export type DeliveryAttemptRecord = Static<typeof DeliveryAttemptSchema>;

export const OutboundDetailSchema = Type.Object(
  {
    ...OutboundPostbackSchema.properties,
    next_attempt_at: NullableTimestamp('When it is tried next; null once delivered, failed or skipped'),
    updated_at: Timestamp(),
    attempt_log: Type.Array(ref(DeliveryAttemptSchema)),
  },
  { $id: 'OutboundDetail', description: 'An outbound postback with every attempt' },
);

export type OutboundDetailRecord = Static<typeof OutboundDetailSchema>;

/**
 * A row of the affiliate postbacks and cross-postbacks statistics: the outbound row with
 * Affise's keys beside it (`status` as the conversion's code, `date` as Affise's object).
 */
export const OutboundStatsRowSchema = Type.Object(
  {
    ...OutboundPostbackSchema.properties,
    status: StatusCode('Conversion status at the event'),
    date: AffiseDate('When the conversion event happened'),
    _id: AffiseId(),
    _get: Type.Null(),
    _post: Type.Null(),
    status_name: StatusName(),
    created_at: Timestamp('When the conversion event happened'),
    pid: Id(),
    lead_id: Type.String({ description: 'The conversion id' }),
    postback_url: Type.String(),
    job_id: Type.String(),
  },
  { $id: 'OutboundStatsRow', description: 'An outbound postback with its delivery state, Affise keys beside' },
);

export const OutboundPostbackListSchema = listOf('OutboundPostbackList', 'postbacks', OutboundStatsRowSchema);
export type OutboundPostbackListRecord = Static<typeof OutboundPostbackListSchema>;
export const PartnerOutboundPostbackListSchema = listOf(
  'PartnerOutboundPostbackList',
  'postbacks',
  PartnerOutboundPostbackSchema,
);
