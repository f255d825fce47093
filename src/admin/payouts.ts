/**
 * Payouts (goals) of an offer (docs/api.md, "Payouts (goals)"): their schema, the checks a schema
 * cannot make (goal value rules, uniqueness within the offer, money, countries, affiliates), and
 * how the API shows them.
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { goalKey, goalValueProblem } from '../domain/goal.js';
import { toDecimal } from '../domain/money.js';
import { statusName } from '../domain/status.js';
import { badRequest } from '../http/errors.js';
import type { PayoutRecord } from '../schemas/offer.js';
import type { Payout } from '../domain/entities.js';
import { IdList, checkAffiliateIds, checkCountries, checkMoney, checkStatus } from './fields.js';
import { newPayout } from '../domain/offer-defaults.js';

/** One payout as the API takes it. */
export const PayoutBody = Type.Object(
  {
    goal: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          '1-64 letters, digits, "_" or "-", not "0"; unique within the offer, case-insensitively. Default: "1"',
      }),
    ),
    title: Type.Optional(
      Type.Union([Type.String({ maxLength: 255 }), Type.Null()], { description: 'Default: the goal value' }),
    ),
    revenue: Type.Number({ description: 'What the advertiser pays: an amount, or a percent of sum' }),
    payout: Type.Number({ description: "The affiliate's payout: an amount, or a percent of sum" }),
    payout_type: Type.Optional(
      Type.Union([Type.Literal('fixed'), Type.Literal('percent')], { description: 'Default: fixed' }),
    ),
    countries: Type.Optional(
      Type.Array(Type.String({ maxLength: 2 }), { maxItems: 300, description: 'ISO-3166 alpha-2; empty: all' }),
    ),
    affiliates: Type.Optional(IdList('Affiliate ids; empty: all')),
    private: Type.Optional(Type.Boolean({ description: 'Hidden from the affiliate API. Default: false' })),
    multiple: Type.Optional(
      Type.Union([Type.Literal('txn'), Type.Literal('no'), Type.Literal('yes')], { description: 'Default: txn' }),
    ),
    default_status: Type.Optional(
      Type.Union([Type.String(), Type.Integer()], { description: 'Code or name. Default: approved' }),
    ),
  },
  { additionalProperties: false },
);

export type PayoutInput = Static<typeof PayoutBody>;

/** A payout with its money as decimals and its status as a name (PayoutSchema shapes the rest). */
export function presentPayout(p: Payout): PayoutRecord {
  return {
    ...p,
    revenue: toDecimal(p.revenue),
    payout: toDecimal(p.payout),
    default_status: statusName(p.default_status),
  };
}

/** A stored payout back as input, for merging an offer PATCH that leaves `payouts` out. */
export function payoutInput(p: Payout): PayoutInput {
  return { ...presentPayout(p), default_status: p.default_status };
}

/**
 * Checks an offer's payouts and turns them into stored ones. `stored` are the offer's current
 * payouts (PATCH), whose affiliates need not exist any more.
 */
export function buildPayouts(
  inputs: readonly PayoutInput[],
  ctx: AppContext,
  stored: readonly Payout[] = [],
): Payout[] {
  const seen = new Map<string, string>();
  const storedAffiliates = stored.flatMap((p) => p.affiliates);
  return inputs.map((input, index) => {
    const field = (name: string) => `payouts.${index}.${name}`;
    const goal = (input.goal ?? '1').trim();
    const problem = goalValueProblem(goal);
    if (problem) throw badRequest(`${field('goal')}: ${problem}`);
    const earlier = seen.get(goalKey(goal));
    if (earlier !== undefined) {
      throw badRequest(
        `${field('goal')}: "${goal}" repeats goal "${earlier}" (goal values are unique within an offer, case-insensitively)`,
      );
    }
    seen.set(goalKey(goal), goal);
    const title = input.title?.trim();
    return newPayout({
      goal,
      title: title ? title : goal,
      revenue: checkMoney(field('revenue'), input.revenue),
      payout: checkMoney(field('payout'), input.payout),
      countries: checkCountries(field('countries'), input.countries ?? []),
      affiliates: checkAffiliateIds(field('affiliates'), input.affiliates ?? [], ctx, storedAffiliates),
      ...(input.payout_type === undefined ? {} : { payout_type: input.payout_type }),
      ...(input.private === undefined ? {} : { private: input.private }),
      ...(input.multiple === undefined ? {} : { multiple: input.multiple }),
      ...(input.default_status === undefined
        ? {}
        : { default_status: checkStatus(field('default_status'), input.default_status) }),
    });
  });
}
