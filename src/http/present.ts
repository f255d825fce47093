/** JSON shapes of records as the API shows them: ISO times, decimal money, status names. */
import { toDecimal } from '../domain/money.js';
import { statusName } from '../domain/status.js';
import type { Conversion } from '../store/entities.js';

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function subsObject(subs: readonly (string | null)[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (let i = 0; i < 8; i++) out[`sub${i + 1}`] = subs[i] ?? null;
  return out;
}

/** A conversion as admins see it (section 4's fields). */
export function presentConversion(c: Conversion) {
  return {
    id: c.id,
    clickid: c.clickid,
    action_id: c.action_id,
    offer_id: c.offer_id,
    advertiser_id: c.advertiser_id,
    affiliate_id: c.affiliate_id,
    goal: c.goal,
    goal_title: c.goal_title,
    status: statusName(c.status),
    status_code: c.status,
    sum: c.sum === null ? null : toDecimal(c.sum),
    revenue: toDecimal(c.revenue),
    payout: toDecimal(c.payout),
    currency: c.currency,
    country: c.country,
    ip: c.ip,
    comment: c.comment,
    custom_fields: c.custom_fields,
    ...subsObject(c.subs),
    click_at: iso(c.click_at),
    created_at: iso(c.created_at),
    updated_at: iso(c.updated_at),
    hold_until: iso(c.hold_until),
    delta: c.delta,
  };
}

/** A conversion as its affiliate sees it: never the revenue, never the advertiser's sum. */
export function presentConversionForAffiliate(c: Conversion) {
  const { revenue: _revenue, sum: _sum, advertiser_id: _advertiser, ...visible } = presentConversion(c);
  return visible;
}
