/** An offer and its payouts (goals) as the admin API shows them (see docs/api.md, "Offers"). */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Id, Money, Nullable, StatusName, StringEnum, Timestamp, listOf, ref } from './common.js';

export const PayoutSchema = Type.Object(
  {
    goal: Type.String({ description: 'The goal value postbacks name; unique within the offer, case-insensitively' }),
    title: Type.String(),
    revenue: Money('What the advertiser pays: an amount, or a percent of sum'),
    payout: Money("The affiliate's payout: an amount, or a percent of sum"),
    payout_type: StringEnum(['fixed', 'percent'] as const),
    countries: Type.Array(Type.String(), { description: 'ISO-3166 alpha-2 codes; empty: every country' }),
    affiliates: Type.Array(Type.Integer(), { description: 'Affiliate ids; empty: every affiliate' }),
    private: Type.Boolean({ description: 'Hidden from the affiliate API' }),
    multiple: StringEnum(['txn', 'no', 'yes'] as const, {
      description: 'txn: one per action_id; no: one per click; yes: every postback counts',
    }),
    default_status: StatusName('Status of a conversion whose postback names none'),
  },
  { $id: 'Payout', description: 'A payout (goal) of an offer' },
);

export type PayoutRecord = Static<typeof PayoutSchema>;

/** A cap rule as the API shows it (budget values as decimals). */
const CapScope = StringEnum(['all', 'each', 'exact'] as const);
const CapRuleSchema = Type.Object(
  {
    id: Type.Integer(),
    period: StringEnum(['hour', 'day', 'month', 'all'] as const),
    type: StringEnum(['conversions', 'budget', 'clicks'] as const),
    value: Type.Number({ description: 'A count, or for budget an amount of the offer currency' }),
    goal_type: CapScope,
    goals: Type.Array(Type.String(), { description: 'Goal values (goal_type exact)' }),
    affiliate_type: CapScope,
    affiliates: Type.Array(Type.Integer(), { description: 'Affiliate ids (affiliate_type exact)' }),
  },
  { description: 'A cap rule' },
);

export const OfferSchema = Type.Object(
  {
    id: Id(),
    title: Type.String(),
    advertiser_id: Id(),
    status: StringEnum(['active', 'paused', 'stopped'] as const),
    tracking_url: Type.String({ description: 'Where a click goes, with click macros' }),
    trafficback_url: Nullable(Type.String(), { description: 'Where refused clicks go; null: answer the refusal' }),
    currency: Type.String({ description: 'ISO-4217' }),
    privacy: StringEnum(['public', 'private'] as const),
    allowed_affiliates: Type.Array(Type.Integer(), { description: 'Affiliates allowed on a private offer' }),
    click_lifespan_days: Type.Integer(),
    hold_days: Type.Integer({ description: '0: no hold' }),
    secure_token: Nullable(Type.String(), { description: "Overrides the advertiser's secure token" }),
    allowed_ips: Type.Array(Type.String()),
    cross_postback_url: Nullable(Type.String()),
    cross_postback_method: StringEnum(['GET', 'POST'] as const),
    signing_secret: Nullable(Type.String()),
    payouts: Type.Array(ref(PayoutSchema)),
    caps: Type.Array(CapRuleSchema, { description: 'Cap rules (docs/reports-and-caps.md)' }),
    caps_timezone: Type.String({ description: 'IANA time zone where cap periods start' }),
    caps_status: Type.Array(StatusName(), { description: 'Conversion statuses a cap counts' }),
    is_redirect_overcap: Type.Boolean({ description: 'Over the cap, send clicks to the trafficback URL' }),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { $id: 'Offer', description: 'An offer' },
);

export type OfferRecord = Static<typeof OfferSchema>;

export const OfferListSchema = listOf('OfferList', 'offers', OfferSchema);
