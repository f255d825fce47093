/**
 * The ordered checks of an advertiser postback or pixel (docs/api.md, "Checks"), as pure functions:
 * the first that fails is the answer. Checks 1-2 need only the parameters; 4-10 need the click and
 * the catalog, which the caller looks up between the two steps.
 */
import type { AdvertiserView, OfferView } from './catalog-view.js';
import type { Click, Offer, Payout } from './entities.js';
import { isObjectId } from './object-id.js';
import { parseCurrency } from './currency.js';
import { DEFAULT_GOAL, goalKey, goalValueProblem } from './goal.js';
import { ipAllowed, parseAddress } from './ip-list.js';
import { parseMoney, type Minor } from './money.js';
import { POSTBACK_ERROR } from './postback-errors.js';
import { parseStatus, type StatusCode } from './status.js';

/** The canonical parameters of a postback (aliases resolved, empty values absent). */
export interface PostbackInput {
  clickid: string | null;
  goal: string | null;
  status: string | null;
  action_id: string | null;
  sum: string | null;
  currency: string | null;
  secure: string | null;
  comment: string | null;
  ip: string | null;
  /** custom_field1..15 as given (already cut to their limit). */
  custom_fields: Record<string, string>;
}

/** Longest action_id accepted: it is an identity key, so it is refused rather than cut. */
export const MAX_ACTION_ID = 255;

const DAY_MS = 86_400_000;

/** Checks 1 and 2; null when the click id is present and well-formed. */
export function clickIdProblem(clickid: string | null): string | null {
  if (clickid === null) return POSTBACK_ERROR.missingClickId;
  if (!isObjectId(clickid)) return POSTBACK_ERROR.brokenClickId;
  return null;
}

/** What checks 4-10 need besides the parameters. */
export interface CheckContext {
  click: Click;
  /** undefined when the offer was deleted after the click. */
  offer: OfferView | undefined;
  advertiser: AdvertiserView | undefined;
  /** The address the request came from. */
  senderIp: string;
  /** False for pixels: a browser's address is never on an advertiser's whitelist. */
  checkIpWhitelist: boolean;
  now: number;
  /** Country of an address (the bundled geo database), null when unknown. */
  countryOf: (ip: string) => string | null;
  /** Constant-time equality for the secure token. */
  tokensEqual: (a: string, b: string) => boolean;
}

/** A postback that passed checks 4-10, with every value resolved. */
export interface PassedPostback {
  offer: Offer;
  payout: Payout;
  /** The status given explicitly (null: none), before the hold rule. */
  passed_status: StatusCode | null;
  /** The status a new conversion gets, before the hold rule. */
  status: StatusCode;
  sum: Minor | null;
  currency: string;
  country: string | null;
  /** The user's address: the `ip` parameter when it is an address, else the click's. */
  user_ip: string;
}

export type CheckResult = { ok: true; value: PassedPostback } | { ok: false; error: string };

const fail = (error: string): CheckResult => ({ ok: false, error });

/** Checks 4-10 in order. */
export function checkPostback(input: PostbackInput, ctx: CheckContext): CheckResult {
  const view = ctx.offer;
  // 4: the offer's token, or the advertiser's when the offer has none.
  const token = view?.offer.secure_token || ctx.advertiser?.advertiser.secure_token || null;
  if (token && (input.secure === null || !ctx.tokensEqual(input.secure, token)))
    return fail(POSTBACK_ERROR.accessDenied);
  // 5: the union of both whitelists, when either has entries.
  if (ctx.checkIpWhitelist && view) {
    const rules = [...(ctx.advertiser?.ipRules ?? []), ...view.ipRules];
    const listed = (ctx.advertiser?.advertiser.allowed_ips.length ?? 0) + view.offer.allowed_ips.length;
    if (listed > 0 && !ipAllowed(rules, ctx.senderIp)) return fail(POSTBACK_ERROR.ipDenied);
  }
  // 6: a deleted offer or a disabled advertiser disables the offer too.
  if (view?.offer.status !== 'active' || ctx.advertiser?.advertiser.status === 'disabled') {
    return fail(POSTBACK_ERROR.offerDisabled);
  }
  const offer = view.offer;
  // 7
  const goal = input.goal ?? DEFAULT_GOAL;
  if (goalValueProblem(goal) !== null) return fail(POSTBACK_ERROR.invalidGoal);
  const payout = view.payoutsByGoal.get(goalKey(goal));
  if (!payout || (payout.affiliates.length > 0 && !payout.affiliates.includes(ctx.click.affiliate_id))) {
    return fail(POSTBACK_ERROR.goalNotFound);
  }
  // 8
  const passedStatus = input.status === null ? null : parseStatus(input.status);
  if (input.status !== null && passedStatus === null) return fail(POSTBACK_ERROR.invalidStatus);
  const sum = input.sum === null ? null : parseMoney(input.sum);
  if (input.sum !== null && sum === null) return fail(POSTBACK_ERROR.invalidSum);
  const currency = input.currency === null ? offer.currency : parseCurrency(input.currency);
  if (currency === null) return fail(POSTBACK_ERROR.invalidCurrency);
  if (input.action_id !== null && input.action_id.length > MAX_ACTION_ID) return fail(POSTBACK_ERROR.invalidActionId);
  // 9
  if (ctx.now - ctx.click.created_at > offer.click_lifespan_days * DAY_MS) return fail(POSTBACK_ERROR.lifespanExpired);
  // 10: the `ip` parameter's country when it is an address, else the click's.
  const userIp = input.ip === null ? null : (parseAddress(input.ip)?.toString() ?? null);
  const country = userIp !== null ? ctx.countryOf(userIp) : ctx.click.country;
  if (payout.countries.length > 0 && (country === null || !payout.countries.includes(country))) {
    return fail(POSTBACK_ERROR.payoutNotFound);
  }
  return {
    ok: true,
    value: {
      offer,
      payout,
      passed_status: passedStatus,
      status: passedStatus ?? payout.default_status,
      sum,
      currency,
      country,
      user_ip: userIp ?? ctx.click.ip,
    },
  };
}
