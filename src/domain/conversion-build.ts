/**
 * Turning a postback that passed its checks into the conversion it creates: money, the hold
 * rule, the identity keys the database deduplicates on, and the delta. Pure.
 */
import type { Click, Conversion, ConversionIdentity, Offer, Payout } from './entities.js';
import { goalKey } from './goal.js';
import { percentOf, type Minor } from './money.js';
import type { PassedPostback, PostbackInput } from './postback-checks.js';
import { STATUS, type StatusCode } from './status.js';

const DAY_MS = 86_400_000;

/** Revenue and payout: as configured (fixed), or a percentage of the sum (0 without a sum). */
export function conversionMoney(payout: Payout, sum: Minor | null): { revenue: Minor; payout: Minor } {
  if (payout.payout_type === 'fixed') return { revenue: payout.revenue, payout: payout.payout };
  const base = sum ?? 0;
  return { revenue: percentOf(base, payout.revenue), payout: percentOf(base, payout.payout) };
}

/**
 * The hold rule: on an offer with hold_days, `approved` becomes `hold` until now + hold_days.
 * A `hold` passed explicitly gets the same end; with hold_days 0 it has none and waits for a
 * person (or the advertiser) to move it.
 */
export function applyHold(
  status: StatusCode,
  offer: Offer,
  now: number,
): { status: StatusCode; hold_until: number | null } {
  const until = offer.hold_days > 0 ? now + offer.hold_days * DAY_MS : null;
  if (status === STATUS.approved && until !== null) return { status: STATUS.hold, hold_until: until };
  if (status === STATUS.hold) return { status, hold_until: until };
  return { status, hold_until: null };
}

/** The identity keys: (offer, goal, action_id or click id), and (click, goal) in mode `no`. */
export function conversionIdentity(
  offerId: number,
  payout: Payout,
  actionId: string | null,
  clickid: string,
): ConversionIdentity {
  return {
    offer_id: offerId,
    goal_key: goalKey(payout.goal),
    action_key: actionId ?? (payout.multiple === 'yes' ? null : clickid),
    once_per_click: payout.multiple === 'no',
  };
}

/** What `ConversionRepo.record` needs, minus the log row and the fan-out. */
export interface BuiltConversion {
  conversion: Conversion;
  identity: ConversionIdentity;
  /** The explicit status after the hold rule (what an existing conversion may move to). */
  passed_status: StatusCode | null;
  passed_comment: string | null;
}

export function buildConversion(
  id: string,
  input: PostbackInput,
  passed: PassedPostback,
  click: Click,
  now: number,
): BuiltConversion {
  const { offer, payout } = passed;
  const held = applyHold(passed.status, offer, now);
  const money = conversionMoney(payout, passed.sum);
  return {
    conversion: {
      id,
      clickid: click.clickid,
      action_id: input.action_id ?? click.clickid,
      offer_id: offer.id,
      advertiser_id: offer.advertiser_id,
      affiliate_id: click.affiliate_id,
      goal: payout.goal,
      goal_title: payout.title,
      status: held.status,
      sum: passed.sum,
      revenue: money.revenue,
      payout: money.payout,
      currency: passed.currency,
      country: passed.country,
      ip: passed.user_ip,
      comment: input.comment,
      custom_fields: input.custom_fields,
      subs: click.subs,
      click_at: click.created_at,
      created_at: now,
      updated_at: now,
      hold_until: held.hold_until,
      delta: Math.max(0, Math.floor((now - click.created_at) / 1000)),
      user_agent: click.user_agent,
      referrer: click.referrer,
    },
    identity: conversionIdentity(offer.id, payout, input.action_id, click.clickid),
    passed_status: passed.passed_status === null ? null : applyHold(passed.passed_status, offer, now).status,
    passed_comment: input.comment,
  };
}
