/**
 * Records only the affiliate API answers with: the offers an affiliate may run (its own payouts
 * and the caps that apply to it, never revenue or a budget), a tracking event with its last
 * delivery, the answer of a test postback.
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Id, Money, Nullable, NullableTimestamp, StringEnum, Timestamp, listOf, ref } from './common.js';
import { TrackingEventSchema } from './tracking-event.js';

export const PartnerPayoutSchema = Type.Object(
  {
    goal: Type.String(),
    title: Type.String(),
    payout: Money('What you earn (a percent of the order when payout_type is percent)'),
    payout_type: StringEnum(['fixed', 'percent'] as const),
    countries: Type.Array(Type.String(), { description: 'Empty: every country' }),
  },
  { $id: 'PartnerPayout', description: 'A goal of the offer and your payout for it' },
);

export const PartnerCapSchema = Type.Object(
  {
    id: Type.Integer(),
    period: StringEnum(['hour', 'day', 'month', 'all'] as const),
    type: StringEnum(['conversions', 'clicks'] as const),
    goal: Nullable(Type.String(), { description: 'The goal the counter is for; null: all goals the rule covers' }),
    goals: Type.Array(Type.String(), { description: 'Goals the rule is limited to; empty: all' }),
    shared: Type.Boolean({ description: 'True when the counter is shared with other affiliates' }),
    value: Type.Integer({ description: 'The limit' }),
    current_value: Type.Integer({ description: 'Counted so far in the current window' }),
    remaining: Type.Integer({ description: 'value - current_value, never below 0' }),
    resets_at: NullableTimestamp('When the window ends; null for period all'),
  },
  { $id: 'PartnerCap', description: 'A cap of the offer that applies to you, with what is left' },
);

export const PartnerOfferSchema = Type.Object(
  {
    id: Id(),
    title: Type.String(),
    status: StringEnum(['active', 'paused', 'stopped'] as const),
    privacy: StringEnum(['public', 'private'] as const),
    currency: Type.String(),
    click_lifespan_days: Type.Integer(),
    tracking_link: Type.String({ description: 'Your click link for the offer, without sub values' }),
    payouts: Type.Array(ref(PartnerPayoutSchema)),
    caps: Type.Array(ref(PartnerCapSchema), { description: 'Conversions and clicks caps applying to you' }),
    caps_timezone: Type.String(),
  },
  { $id: 'PartnerOffer', description: 'An offer you may run' },
);

export type PartnerOfferRecord = Static<typeof PartnerOfferSchema>;
export type PartnerCapRecord = Static<typeof PartnerCapSchema>;

export const PartnerOfferListSchema = listOf('PartnerOfferList', 'offers', PartnerOfferSchema);

export const LastDeliverySchema = Type.Object(
  {
    id: Type.String({ description: 'The outbound log row' }),
    date: Timestamp('When the conversion event happened'),
    conversion_id: Type.String(),
    state: StringEnum(['pending', 'retrying', 'delivered', 'failed', 'skipped', 'paused'] as const),
    http_code: Type.Integer({ description: '0: no answer' }),
    error: Nullable(Type.String()),
    attempts: Type.Integer(),
  },
  { $id: 'LastDelivery', description: 'The latest request a configuration caused' },
);

export const PartnerTrackingEventSchema = Type.Object(
  {
    ...TrackingEventSchema.properties,
    last_delivery: Nullable(ref(LastDeliverySchema), { description: 'null: never fired' }),
  },
  { $id: 'PartnerTrackingEvent', description: 'One of your tracking events, with its last delivery' },
);

export const PartnerTrackingEventListSchema = listOf(
  'PartnerTrackingEventList',
  'tracking_events',
  PartnerTrackingEventSchema,
);

export const PostbackTestSchema = Type.Object(
  {
    status: Type.Literal(1),
    url: Type.String({ description: 'The URL requested, macros filled with sample values' }),
    method: StringEnum(['GET', 'POST'] as const),
    outcome: StringEnum(['answered', 'no_answer', 'blocked', 'invalid'] as const),
    http_code: Type.Integer({ description: '0: no answer' }),
    body: Nullable(Type.String(), { description: 'The first 300 characters of the answer' }),
    error: Nullable(Type.String({ description: 'Blocked address, a network error, a timeout' })),
    duration_ms: Type.Number(),
  },
  { $id: 'PostbackTest', description: 'What the receiver of a test postback answered' },
);

export type PostbackTestRecord = Static<typeof PostbackTestSchema>;
