/**
 * A conversion as admins see it, and as its affiliate sees it: the affiliate's view has no
 * revenue, no advertiser sum and no advertiser (see docs/api.md, "Conversions").
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import {
  Id,
  Money,
  Nullable,
  NullableTimestamp,
  StatusCode,
  StatusName,
  StringEnum,
  Timestamp,
  listOf,
} from './common.js';

const Sub = Nullable(Type.String(), { description: 'From the click' });

export const ConversionSchema = Type.Object(
  {
    id: Type.String({ description: 'Conversion id' }),
    clickid: Type.String(),
    action_id: Type.String({ description: "The advertiser's conversion id (the click id when none was sent)" }),
    offer_id: Id(),
    advertiser_id: Id(),
    affiliate_id: Id(),
    goal: Type.String(),
    goal_title: Type.String(),
    status: StatusName(),
    status_code: StatusCode(),
    sum: Nullable(Money(), { description: "The advertiser's order amount, as sent" }),
    revenue: Money('What the advertiser pays'),
    payout: Money("The affiliate's payout"),
    currency: Type.String(),
    country: Nullable(Type.String(), { description: 'ISO-3166 alpha-2, from the IP' }),
    ip: Nullable(Type.String()),
    comment: Nullable(Type.String()),
    custom_fields: Type.Record(Type.String(), Type.String(), {
      description: 'custom_field1..custom_field15 as the postback sent them',
    }),
    sub1: Sub,
    sub2: Sub,
    sub3: Sub,
    sub4: Sub,
    sub5: Sub,
    sub6: Sub,
    sub7: Sub,
    sub8: Sub,
    click_at: Timestamp(),
    created_at: Timestamp(),
    updated_at: Timestamp(),
    hold_until: NullableTimestamp('End of the hold; null when not in hold, or held until an admin decides'),
    delta: Type.Number({ description: 'Seconds from the click to the first postback' }),
    decline_reason: Nullable(Type.Literal('cap_reached'), {
      description: 'Why it was declined: cap_reached when a cap of the offer declined it, else null',
    }),
  },
  { $id: 'Conversion', description: 'A conversion' },
);

export type ConversionRecord = Static<typeof ConversionSchema>;

export const PartnerConversionSchema = Type.Omit(ConversionSchema, ['advertiser_id', 'sum', 'revenue'], {
  $id: 'PartnerConversion',
  description: 'One of your conversions (no revenue, no advertiser amount, no advertiser)',
});

export type PartnerConversionRecord = Static<typeof PartnerConversionSchema>;

/**
 * A row of the conversions statistics: the conversion with Affise's keys beside it, each with
 * the JSON type Affise sends (see docs/moving-from-affise.md). `status` is Affise's name
 * (`confirmed` for code 1).
 */
export const StatsConversionSchema = Type.Object(
  {
    ...ConversionSchema.properties,
    status: StringEnum(['confirmed', 'pending', 'declined', 'hold'] as const, { description: "Affise's name" }),
    conversion_id: Type.String(),
    cbid: Type.String({ description: 'action_id' }),
    click_id: Type.String(),
    goal_value: Type.String(),
    payouts: Money("The affiliate's payout"),
    earnings: Money('revenue - payout'),
    offer: Type.Object({ id: Id(), title: Nullable(Type.String()), url: Nullable(Type.String()) }),
    partner_id: Id(),
    partner: Type.Object({ id: Id(), name: Nullable(Type.String()), title: Nullable(Type.String()) }),
    supplier_id: Type.String({ description: 'The advertiser id, as text' }),
    advertiser: Type.Object({ id: Type.String(), title: Nullable(Type.String()) }),
    click_time: Timestamp(),
    updatedAt: Timestamp(),
    hold_date_expire: NullableTimestamp(),
    country_name: Nullable(Type.String()),
    payment_type: Type.Optional(StringEnum(['fixed', 'percent'] as const)),
    custom_field_1: Nullable(Type.String()),
    custom_field_2: Nullable(Type.String()),
    custom_field_3: Nullable(Type.String()),
    custom_field_4: Nullable(Type.String()),
    custom_field_5: Nullable(Type.String()),
    custom_field_6: Nullable(Type.String()),
    custom_field_7: Nullable(Type.String()),
  },
  { $id: 'StatsConversion', description: 'A conversion as the statistics list it (Affise keys beside Trackpost ones)' },
);

export const ConversionListSchema = listOf('ConversionList', 'conversions', StatsConversionSchema);
export type ConversionListRecord = Static<typeof ConversionListSchema>;
export const PartnerConversionListSchema = listOf('PartnerConversionList', 'conversions', PartnerConversionSchema);
