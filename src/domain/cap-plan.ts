/**
 * Which cap counters a conversion joins, and how a counter is computed from the report counters
 * when it is first needed. Pure: the store runs the plan inside the conversion's transaction
 * (see docs/reports-and-caps.md, "Caps").
 */
import { type CapRule, type CapSettings, capSettings, counterKey, ruleApplies, ruleKey } from './caps.js';
import { goalKey } from './goal.js';
import type { StatusCode } from './status.js';
import { WindowedMemory, type Within } from './windowed-memory.js';
import { type Window, windowAt } from './zone-offsets.js';

const QUARTER_MS = 900_000;

/**
 * How to compute a counter from the report counters: the records a rule's counter counts,
 * conversions from stat_conversions, or clicks from stat_clicks (clicks rules).
 */
export interface CapBaseline {
  source: 'conversions' | 'clicks';
  offer_id: number;
  /** UTC quarter hours [fromQ, toQ); toQ null: no end. */
  fromQ: number;
  toQ: number | null;
  /** Status column prefixes counted (a, p, d, h); declined ones exclude cap_reached. */
  prefixes: string[];
  measure: 'count' | 'pay';
  /** budget: conversions in this currency only. */
  currency: string | null;
  goal_keys: string[] | null;
  affiliate_ids: number[] | null;
}

/** One counter a conversion belongs to. */
export interface CapTouch {
  rule_id: number;
  rule_key: string;
  window_start: number;
  goal_key: string;
  affiliate_id: number;
  /** The rule's value: reached when the counter is at least this. */
  limit: number;
  /** What this conversion adds while it counts: 1, or its payout for budget rules. */
  amount: number;
  baseline: CapBaseline;
}

/** What planning needs of a conversion. */
export interface CapSubject {
  offer_id: number;
  affiliate_id: number;
  goal: string;
  created_at: number;
  payout: number;
  currency: string;
}

const PREFIX: Record<number, string> = { 1: 'a', 2: 'p', 3: 'd', 5: 'h' };

/** The conversions and budget counters the conversion joins (clicks rules are not here). */
export function capTouches(settings: CapSettings, offerCurrency: string, c: CapSubject): CapTouch[] {
  return capTouchesWithin(settings, offerCurrency, c).value;
}

/** A conversion's touches, and the stretch of time [from, until) over which every window is the same. */
function capTouchesWithin(settings: CapSettings, offerCurrency: string, c: CapSubject): Within<CapTouch[]> {
  const touches: CapTouch[] = [];
  let from = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  for (const rule of settings.caps) {
    if (rule.type === 'clicks' || !ruleApplies(rule, c.affiliate_id, c.goal)) continue;
    const window = windowAt(rule.period, settings.caps_timezone, c.created_at);
    from = Math.max(from, window.start);
    until = Math.min(until, window.end ?? Number.POSITIVE_INFINITY);
    const key = counterKey(rule, c.affiliate_id, c.goal);
    const amount = rule.type === 'budget' ? (c.currency === offerCurrency ? c.payout : 0) : 1;
    touches.push(ruleTouch(rule, settings, c.offer_id, offerCurrency, window, key, amount));
  }
  return { value: touches, from, until };
}

/** The counter of `rule` with split `key` in `window`, which an event joins adding `amount`. */
export function ruleTouch(
  rule: CapRule,
  settings: CapSettings,
  offerId: number,
  offerCurrency: string,
  window: Window,
  key: { goal_key: string; affiliate_id: number },
  amount: number,
): CapTouch {
  return {
    rule_id: rule.id,
    rule_key: ruleKey(rule, settings),
    window_start: window.start,
    ...key,
    limit: rule.value,
    amount,
    baseline: baseline(rule, settings, offerId, offerCurrency, window.start, window.end, key),
  };
}

export function baseline(
  rule: CapRule,
  settings: CapSettings,
  offerId: number,
  currency: string,
  start: number,
  end: number | null,
  key: { goal_key: string; affiliate_id: number },
): CapBaseline {
  return {
    source: rule.type === 'clicks' ? 'clicks' : 'conversions',
    offer_id: offerId,
    fromQ: Math.floor(start / QUARTER_MS),
    toQ: end === null ? null : Math.floor(end / QUARTER_MS),
    prefixes: settings.caps_status.map((status) => PREFIX[status]),
    measure: rule.type === 'budget' ? 'pay' : 'count',
    currency: rule.type === 'budget' ? currency : null,
    goal_keys: rule.goal_type === 'each' ? [key.goal_key] : rule.goal_type === 'exact' ? rule.goals.map(goalKey) : null,
    affiliate_ids:
      rule.affiliate_type === 'each' ? [key.affiliate_id] : rule.affiliate_type === 'exact' ? rule.affiliates : null,
  };
}

/** Whether a conversion in this state counts toward its caps. */
export function countsTowardCaps(settings: CapSettings, status: StatusCode, declineReason: string | null): boolean {
  return settings.caps_status.includes(status) && declineReason !== 'cap_reached';
}

/** A conversion's caps: the counters it joins and which of its states count. */
export interface CapPlan {
  touches: CapTouch[];
  counts(status: StatusCode, declineReason: string | null): boolean;
}

/** Gives the store a conversion's caps (null: its offer has no conversions or budget rule). */
export type CapPlanner = (c: CapSubject) => CapPlan | null;

/** The plan of a conversion under an offer's settings; null when no rule counts conversions. */
export function planCaps(settings: CapSettings, offerCurrency: string, c: CapSubject): CapPlan | null {
  return countsConversions(settings.caps) ? planWithin(settings, offerCurrency, c).value : null;
}

/** Whether any rule counts conversions (conversions or budget, not clicks). */
const countsConversions = (rules: readonly CapRule[] | undefined) => rules?.some((rule) => rule.type !== 'clicks');

/** The plan, and the stretch of time over which its windows are the same. */
function planWithin(settings: CapSettings, offerCurrency: string, c: CapSubject): Within<CapPlan> {
  const { value: touches, from, until } = capTouchesWithin(settings, offerCurrency, c);
  return { value: { touches, counts: (status, reason) => countsTowardCaps(settings, status, reason) }, from, until };
}

/**
 * planCaps remembered per offer and per what else the touches depend on (affiliate, goal,
 * currency, payout), while the conversions' times stay within the windows they were made for
 * (windowed-memory.ts). The postbacks of a capped offer then share one plan and its touches, so
 * the stores recognise the touches without rebuilding their keys (cap-sql.ts, counterId).
 */
export class CapPlanMemory {
  private readonly memory = new WindowedMemory<string, CapPlan>();

  plan(offer: Partial<CapSettings> & { currency: string }, c: CapSubject): CapPlan | null {
    // Most offers have no conversions or budget rule: they are answered without a lookup.
    if (!countsConversions(offer.caps)) return null;
    const key = `${c.affiliate_id}\u0001${c.goal}\u0001${c.currency}\u0001${c.payout}`;
    return this.memory.get(offer, key, c.created_at, () => planWithin(capSettings(offer), offer.currency, c));
  }
}

/** A conversion declined because a cap is reached: its comment says so unless one was passed. */
export function declinedByCap<C extends { status: StatusCode; comment: string | null; hold_until: number | null }>(
  c: C,
): C & { decline_reason: 'cap_reached' } {
  return { ...c, status: 3, decline_reason: 'cap_reached', comment: c.comment ?? 'Cap is reached', hold_until: null };
}

/** How much a status change moves each of the conversion's counters: -1, 0 or 1 (times its amount). */
export function capShift(
  plan: CapPlan,
  before: [StatusCode, string | null],
  after: [StatusCode, string | null],
): number {
  return Number(plan.counts(...after)) - Number(plan.counts(...before));
}

/** A conversion that leaves `declined` loses its decline reason (it may count toward caps again). */
export function leavesCapDecline<C extends { status: StatusCode; decline_reason?: 'cap_reached' }>(
  current: C,
  next: C,
): C {
  if (next.status === 3 || !next.decline_reason || current === next) return next;
  const { decline_reason: _reason, ...rest } = next;
  return rest as C;
}
