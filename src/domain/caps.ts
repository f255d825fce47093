/**
 * Offer caps: the rule model, the checks a rule list must pass (with the exact texts of
 * docs/reports-and-caps.md), and which counter an event joins. Pure: no I/O.
 */
import { goalKey } from './goal.js';
import { parseMoney } from './money.js';
import { parseStatus, STATUS, type StatusCode } from './status.js';
import { isZoneName } from './zone-offsets.js';

export type CapPeriod = 'hour' | 'day' | 'month' | 'all';
export type CapType = 'conversions' | 'budget' | 'clicks';
export type CapScope = 'all' | 'each' | 'exact';

export interface CapRule {
  id: number;
  period: CapPeriod;
  type: CapType;
  /** conversions, clicks: a count; budget: minor units of the offer's currency. */
  value: number;
  goal_type: CapScope;
  /** Goal values as given (exact only). */
  goals: string[];
  affiliate_type: CapScope;
  affiliates: number[];
}

/** The caps settings of an offer, defaults filled. */
export interface CapSettings {
  caps: CapRule[];
  caps_timezone: string;
  caps_status: StatusCode[];
  is_redirect_overcap: boolean;
}

export const DEFAULT_CAPS_STATUS: StatusCode[] = [STATUS.approved, STATUS.pending, STATUS.hold];
export const MAX_CAP_RULES = 50;

/** An offer's caps settings, defaults for what it does not carry. */
export function capSettings(offer: Partial<CapSettings>): CapSettings {
  return {
    caps: offer.caps ?? [],
    caps_timezone: offer.caps_timezone ?? 'UTC',
    caps_status: offer.caps_status ?? DEFAULT_CAPS_STATUS,
    is_redirect_overcap: offer.is_redirect_overcap ?? false,
  };
}

/** What the caller knows to check rules against. */
export interface CapContext {
  goalKeys: ReadonlySet<string>;
  affiliateExists(id: number): boolean;
}

export class CapError extends Error {}

const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | null =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;

/** Checks a rule list as the API takes it; throws CapError with the exact text. */
export function checkCapRules(input: readonly Record<string, unknown>[], context: CapContext): CapRule[] {
  if (input.length > MAX_CAP_RULES) throw new CapError(`caps: at most ${MAX_CAP_RULES} rules`);
  let nextId =
    Math.max(
      0,
      ...input.map((rule) => (Number.isSafeInteger(rule.id) && (rule.id as number) > 0 ? (rule.id as number) : 0)),
    ) + 1;
  return input.map((rule, i) => {
    const at = `caps[${i}]`;
    const period = oneOf(rule.period, ['hour', 'day', 'month', 'all'] as const);
    if (!period) throw new CapError(`${at}.period must be one of hour, day, month, all`);
    const type = rule.type === 'payouts' ? 'budget' : oneOf(rule.type, ['conversions', 'budget', 'clicks'] as const);
    if (!type) throw new CapError(`${at}.type must be one of conversions, budget, clicks`);
    let value: number;
    if (type === 'budget') {
      const text =
        typeof rule.value === 'number' && Number.isFinite(rule.value)
          ? rule.value.toFixed(10).replace(/\.?0+$/, '')
          : typeof rule.value === 'string'
            ? rule.value.trim()
            : '';
      const minor = /^\d{1,15}(\.\d{1,4})?$/.test(text) ? parseMoney(text) : null;
      if (minor === null || minor <= 0)
        throw new CapError(`${at}.value must be a positive amount with at most 4 decimals`);
      value = minor;
    } else {
      if (typeof rule.value !== 'number' || !Number.isSafeInteger(rule.value) || rule.value < 1) {
        throw new CapError(`${at}.value must be a positive integer`);
      }
      value = rule.value;
    }
    const goalType = rule.goal_type === undefined ? 'all' : oneOf(rule.goal_type, ['all', 'each', 'exact'] as const);
    if (!goalType) throw new CapError(`${at}.goal_type must be one of all, each, exact`);
    const affiliateType =
      rule.affiliate_type === undefined ? 'all' : oneOf(rule.affiliate_type, ['all', 'each', 'exact'] as const);
    if (!affiliateType) throw new CapError(`${at}.affiliate_type must be one of all, each, exact`);
    if (type === 'clicks' && period === 'all') throw new CapError(`${at}: a clicks cap cannot have period all`);
    if (type === 'clicks' && goalType !== 'all') throw new CapError(`${at}: a clicks cap cannot be limited to goals`);
    const goals = Array.isArray(rule.goals) ? rule.goals.map(String) : [];
    if (goalType === 'exact' && goals.length === 0)
      throw new CapError(`${at}.goals is required when goal_type is exact`);
    if (goalType !== 'exact' && goals.length > 0)
      throw new CapError(`${at}.goals must be empty unless goal_type is exact`);
    const unknownGoal = goals.find((goal) => !context.goalKeys.has(goalKey(goal)));
    if (unknownGoal !== undefined) throw new CapError(`${at}.goals: unknown goal ${unknownGoal}`);
    const affiliates = Array.isArray(rule.affiliates) ? rule.affiliates.map(Number) : [];
    if (affiliateType === 'exact' && affiliates.length === 0) {
      throw new CapError(`${at}.affiliates is required when affiliate_type is exact`);
    }
    if (affiliateType !== 'exact' && affiliates.length > 0) {
      throw new CapError(`${at}.affiliates must be empty unless affiliate_type is exact`);
    }
    const unknownAffiliate = affiliates.find((id) => !Number.isSafeInteger(id) || !context.affiliateExists(id));
    if (unknownAffiliate !== undefined) throw new CapError(`${at}.affiliates: unknown affiliate ${unknownAffiliate}`);
    const id = Number.isSafeInteger(rule.id) && (rule.id as number) > 0 ? (rule.id as number) : nextId++;
    return {
      id,
      period,
      type,
      value,
      goal_type: goalType,
      goals: [...new Set(goals)],
      affiliate_type: affiliateType,
      affiliates: [...new Set(affiliates)],
    };
  });
}

/** `caps_timezone`; throws CapError for an unknown zone. */
export function checkCapsTimezone(value: unknown): string {
  if (typeof value !== 'string' || !isZoneName(value))
    throw new CapError(`caps_timezone: unknown time zone ${String(value)}`);
  return value;
}

/** `caps_status`: names or codes; throws CapError with the exact texts. */
export function checkCapsStatus(value: unknown): StatusCode[] {
  const wrong = 'caps_status must be a non-empty list of approved, pending, hold, declined';
  if (!Array.isArray(value) || value.length === 0) throw new CapError(wrong);
  const codes = value.map((item) =>
    typeof item === 'string' || typeof item === 'number' ? parseStatus(String(item)) : null,
  );
  if (codes.some((code) => code === null)) throw new CapError(wrong);
  const unique = [...new Set(codes as StatusCode[])];
  if (unique.length === 1 && unique[0] === STATUS.declined)
    throw new CapError('caps_status cannot count declined conversions only');
  return unique;
}

/** Goals the rules name that a payout list no longer has: the first, as an error text. */
export function goalStillUsed(rules: readonly Pick<CapRule, 'goals'>[], goalKeys: ReadonlySet<string>): string | null {
  for (const [i, rule] of rules.entries()) {
    const missing = rule.goals.find((goal) => !goalKeys.has(goalKey(goal)));
    if (missing !== undefined) return `payouts: goal ${missing} is used by caps[${i}]`;
  }
  return null;
}

/** Whether a rule applies to an event of this affiliate and goal (goal null: a click). */
export function ruleApplies(rule: CapRule, affiliateId: number, goal: string | null): boolean {
  if (rule.affiliate_type === 'exact' && !rule.affiliates.includes(affiliateId)) return false;
  if (goal !== null && rule.goal_type === 'exact' && !rule.goals.some((g) => goalKey(g) === goalKey(goal)))
    return false;
  return true;
}

/** The split key of the counter an event joins: goal key and affiliate id, '' and 0 when not split. */
export function counterKey(
  rule: CapRule,
  affiliateId: number,
  goal: string | null,
): { goal_key: string; affiliate_id: number } {
  return {
    goal_key: rule.goal_type === 'each' && goal !== null ? goalKey(goal) : '',
    affiliate_id: rule.affiliate_type === 'each' ? affiliateId : 0,
  };
}

/**
 * Names what a rule counts, so a counter row belongs to exactly one meaning: an edited rule
 * (other period, scope, goals, statuses or zone) starts a new counter from the stored records.
 */
export function ruleKey(rule: CapRule, settings: CapSettings): string {
  // Asked for every click and conversion of a capped offer. A rule and its offer's status list
  // are the catalog's objects, replaced (never changed) when the offer is saved, so the key is
  // kept per rule for as long as they and the zone stay the same.
  const known = ruleKeys.get(rule);
  if (known && known.statuses === settings.caps_status && known.zone === settings.caps_timezone) return known.key;
  const key = composeRuleKey(rule, settings);
  ruleKeys.set(rule, { statuses: settings.caps_status, zone: settings.caps_timezone, key });
  return key;
}

const ruleKeys = new WeakMap<CapRule, { statuses: readonly StatusCode[]; zone: string; key: string }>();

function composeRuleKey(rule: CapRule, settings: CapSettings): string {
  return [
    rule.id,
    rule.period,
    rule.type,
    rule.goal_type,
    [...rule.goals].map(goalKey).sort().join(','),
    rule.affiliate_type,
    [...rule.affiliates].sort((a, b) => a - b).join(','),
    settings.caps_timezone,
    [...settings.caps_status].sort().join(','),
  ].join('|');
}
