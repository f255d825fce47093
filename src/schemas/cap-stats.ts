/**
 * The answer of `GET /3.0/stats/caps` (alias `/3.1/stats/caps`): each offer's cap rules with
 * their progress in the current window, in Affise's shape (a rule's `id` is a string, as
 * Affise's PHP and Go SDKs type it). See docs/reports-and-caps.md, "Caps progress".
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Nullable, ref, StringEnum, Timestamp } from './common.js';

const Scope = StringEnum(['all', 'each', 'exact'] as const);

export const CapCounterSchema = Type.Object(
  {
    affiliate_id: Nullable(Type.Integer(), { description: 'null: the rule does not split by affiliate' }),
    goal: Nullable(Type.String(), { description: 'null: the rule does not split by goal' }),
    current_value: Type.Number({ description: 'Counted in the window (budget: an amount)' }),
    remaining: Type.Number({ description: 'value - current_value, never below 0' }),
  },
  { $id: 'CapCounter', description: 'One counter of a cap rule in its current window' },
);

export const CapProgressSchema = Type.Object(
  {
    id: Type.String({ description: "The rule's id, as a string" }),
    timeframe: StringEnum(['hour', 'day', 'month', 'all'] as const),
    type: StringEnum(['conversions', 'budget', 'clicks'] as const),
    value: Type.Number({ description: "The rule's limit (budget: an amount in the offer's currency)" }),
    current_value: Type.Number({ description: 'The highest counter' }),
    is_remaining: Type.Boolean({ description: 'current_value < value' }),
    reset_to_value: Type.Integer({ description: 'Always 0' }),
    goal_type: Scope,
    goals: Type.Array(Type.String()),
    goal_stats: Type.Object({}, { description: 'Always {}' }),
    affiliate_type: Scope,
    affiliates: Type.Array(Type.Integer()),
    country_type: Type.Literal('all'),
    countries: Type.Array(Type.String()),
    resets_at: Nullable(Timestamp(), { description: 'When the window ends; null for period all' }),
    counters: Type.Array(ref(CapCounterSchema), { description: 'Every counter that is not 0' }),
  },
  { $id: 'CapProgress', description: 'A cap rule and its progress in the current window' },
);

export const OfferCapsStatsSchema = Type.Object(
  {
    offer_id: Type.Integer(),
    stats: Type.Array(ref(CapProgressSchema)),
  },
  { $id: 'OfferCapsStats', description: "An offer's cap rules and their progress" },
);

export const CapsStatsSchema = Type.Object(
  {
    status: Type.Literal(1),
    stats: Type.Array(ref(OfferCapsStatsSchema)),
  },
  { $id: 'CapsStats', description: 'Caps progress of the offers asked for, in the order asked' },
);

export type CapCounterRecord = Static<typeof CapCounterSchema>;
export type CapProgressRecord = Static<typeof CapProgressSchema>;
export type CapsStatsRecord = Static<typeof CapsStatsSchema>;
