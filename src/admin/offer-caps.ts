/**
 * The caps fields of an offer in the admin API: `caps`, `caps_timezone`, `caps_status`,
 * `is_redirect_overcap`. The body schema is loose on purpose (values of any type) so that each
 * mistake is answered with the exact text of the caps rules (domain/caps.ts), not a generic one.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import {
  CapError,
  capSettings,
  checkCapRules,
  checkCapsStatus,
  checkCapsTimezone,
  goalStillUsed,
} from '../domain/caps.js';
import { DEFAULT_GOAL, goalKey } from '../domain/goal.js';
import { toDecimal } from '../domain/money.js';
import { statusName } from '../domain/status.js';
import { badRequest } from '../http/errors.js';
import type { Offer } from '../domain/entities.js';

const Loose = (description: string) => Type.Optional(Type.Unknown({ description }));

/** One cap rule as the API takes it. */
export const CapBody = Type.Object(
  {
    id: Loose('Given by the server; send it back to keep the rule'),
    period: Loose('hour, day, month or all'),
    type: Loose('conversions, budget (alias payouts) or clicks'),
    value: Loose('conversions, clicks: a whole number; budget: an amount in the offer currency'),
    goal_type: Loose('all (default), each or exact'),
    goals: Loose('Goal values (exact only)'),
    affiliate_type: Loose('all (default), each or exact'),
    affiliates: Loose('Affiliate ids (exact only)'),
  },
  { additionalProperties: false },
);

/** The goal keys a payout list defines (a payout without goal is goal "1"). */
export function goalKeysOf(payouts: readonly { goal?: string }[]): Set<string> {
  return new Set(payouts.map((p) => goalKey(p.goal ?? DEFAULT_GOAL)));
}

interface CapFields {
  caps?: Record<string, unknown>[];
  caps_timezone?: string;
  caps_status?: (string | number)[];
  is_redirect_overcap?: boolean;
}

/**
 * Checks the caps fields of an offer being saved; 400 with the exact text. A rule naming a goal
 * the stored offer had but the new payouts drop is the payouts change's fault, and said so.
 */
export function buildCaps(fields: CapFields, ctx: AppContext, goalKeys: ReadonlySet<string>, current: Offer | null) {
  try {
    const input = fields.caps ?? [];
    if (current) {
      const before = goalKeysOf(current.payouts);
      const named = input.map((rule) => ({
        goals: Array.isArray(rule.goals) ? rule.goals.map(String).filter((goal) => before.has(goalKey(goal))) : [],
      }));
      const used = goalStillUsed(named, goalKeys);
      if (used) throw new CapError(used);
    }
    const caps = checkCapRules(input, { goalKeys, affiliateExists: (id) => ctx.catalog.affiliate(id) !== undefined });
    return {
      caps,
      caps_timezone: checkCapsTimezone(fields.caps_timezone ?? 'UTC'),
      caps_status: checkCapsStatus(fields.caps_status ?? ['approved', 'pending', 'hold']),
      is_redirect_overcap: fields.is_redirect_overcap ?? false,
    };
  } catch (error) {
    if (error instanceof CapError) throw badRequest(error.message);
    throw error;
  }
}

/** The caps fields as the API shows them (budget values as decimals, statuses by name). */
export function presentCaps(offer: Offer) {
  const settings = capSettings(offer);
  return {
    caps: settings.caps.map((rule) => ({
      ...rule,
      value: rule.type === 'budget' ? toDecimal(rule.value) : rule.value,
    })),
    caps_timezone: settings.caps_timezone,
    caps_status: settings.caps_status.map(statusName),
    is_redirect_overcap: settings.is_redirect_overcap,
  };
}
