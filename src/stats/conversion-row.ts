/**
 * A row of `GET /3.0/stats/conversions`: Trackpost's conversion with Affise's keys beside it,
 * each with the JSON type Affise sends (Affise's Go SDK decodes `offer`, `partner` and
 * `advertiser` as objects, `partner_id` and `offer_id` as numbers, `supplier_id` as a string,
 * money as numbers). Where a key is both (`status`), Affise's meaning wins and Trackpost's stays
 * under another key (`status_code`). See docs/moving-from-affise.md.
 */
import type { Catalog } from '../catalog/cache.js';
import { goalKey } from '../domain/goal.js';
import { toDecimal } from '../domain/money.js';
import { iso, presentConversion } from '../http/present.js';
import type { Conversion } from '../domain/entities.js';
import { affiseStatusName } from './affise-shapes.js';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The English name of an ISO-3166 alpha-2 code, or null. */
function countryName(code: string | null): string | null {
  if (code === null) return null;
  try {
    return regionNames.of(code) ?? null;
  } catch {
    return null;
  }
}

/** `custom_field_1`..`custom_field_7`, the keys Affise's rows have, from Trackpost's custom fields. */
function affiseCustomFields(fields: Record<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (let i = 1; i <= 7; i++) out[`custom_field_${i}`] = fields[`custom_field${i}`] ?? null;
  return out;
}

/** One conversions row; names come from the catalog (null once a record is deleted). */
export function presentConversionRow(c: Conversion, catalog: Catalog) {
  const offer = catalog.offer(c.offer_id);
  const affiliate = catalog.affiliate(c.affiliate_id);
  const advertiser = catalog.advertiser(c.advertiser_id)?.advertiser;
  const payout = offer?.payoutsByGoal.get(goalKey(c.goal));
  return {
    ...presentConversion(c),
    status: affiseStatusName(c.status),
    conversion_id: c.id,
    cbid: c.action_id,
    click_id: c.clickid,
    goal_value: c.goal,
    payouts: toDecimal(c.payout),
    earnings: toDecimal(c.revenue - c.payout),
    offer: { id: c.offer_id, title: offer?.offer.title ?? null, url: offer?.offer.tracking_url ?? null },
    partner_id: c.affiliate_id,
    partner: { id: c.affiliate_id, name: affiliate?.name ?? null, title: affiliate?.name ?? null },
    supplier_id: String(c.advertiser_id),
    advertiser: { id: String(c.advertiser_id), title: advertiser?.name ?? null },
    click_time: iso(c.click_at),
    updatedAt: iso(c.updated_at),
    hold_date_expire: iso(c.hold_until),
    country_name: countryName(c.country),
    ...(payout ? { payment_type: payout.payout_type } : {}),
    ...affiseCustomFields(c.custom_fields),
  };
}
