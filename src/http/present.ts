/**
 * What records need computed before the schemas in src/schemas/ serialise them: ISO times,
 * decimal money, status names. The schemas pick and order the keys.
 */
import { toDecimal } from '../domain/money.js';
import { statusName } from '../domain/status.js';
import type { ConversionRecord, PartnerConversionRecord } from '../schemas/conversion.js';
import type { Conversion } from '../domain/entities.js';

/** Unix milliseconds as ISO-8601 UTC; null stays null. */
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** A conversion as admins see it. */
export function presentConversion(c: Conversion): ConversionRecord {
  const [sub1, sub2, sub3, sub4, sub5, sub6, sub7, sub8] = c.subs;
  return {
    ...c,
    status: statusName(c.status),
    status_code: c.status,
    sum: c.sum === null ? null : toDecimal(c.sum),
    revenue: toDecimal(c.revenue),
    payout: toDecimal(c.payout),
    sub1: sub1 ?? null,
    sub2: sub2 ?? null,
    sub3: sub3 ?? null,
    sub4: sub4 ?? null,
    sub5: sub5 ?? null,
    sub6: sub6 ?? null,
    sub7: sub7 ?? null,
    sub8: sub8 ?? null,
    click_at: iso(c.click_at),
    created_at: iso(c.created_at),
    updated_at: iso(c.updated_at),
    hold_until: iso(c.hold_until),
    decline_reason: c.decline_reason ?? null,
  };
}

/**
 * A conversion as its affiliate sees it. The affiliate's schema would drop them anyway; they
 * are removed here too, so no route can show them by pointing at the wrong schema.
 */
export function presentConversionForAffiliate(c: Conversion): PartnerConversionRecord {
  const { revenue: _revenue, sum: _sum, advertiser_id: _advertiser, ...visible } = presentConversion(c);
  return visible;
}
