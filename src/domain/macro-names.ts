/**
 * Which `{name}` macros each kind of URL may use. Trackpost's own names come first; then every
 * spelling Affise documents for the same kind of URL, so an Affise integration's URLs are
 * accepted as they are. Where Trackpost has no such value (the device, the city, Affise's
 * extra click parameters), the macro is accepted and filled with the empty string; see
 * docs/moving-from-affise.md. A name that no list holds is refused when the URL is saved.
 */

const range = (prefix: string, first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => `${prefix}${first + i}`);

/**
 * Affise's click parameters that Trackpost does not record: accepted in every URL, always
 * empty (Affise offers them to carry a network's own data through a click).
 */
export const UNRECORDED_CLICK_MACROS: readonly string[] = [
  'ref_id',
  'os_id',
  'user_id',
  'unid',
  'imp_id',
  ...range('ext', 1, 3),
  'fbclid',
  'promo_code',
  ...range('sub', 9, 30),
];

/** Device and place details Affise derives from a click and Trackpost does not: always empty. */
export const UNKNOWN_DEVICE_MACROS: readonly string[] = [
  'city',
  'os',
  'os_version',
  'device_type',
  'device_model',
  'device_id',
  'ios_idfa',
  'android_id',
  'language',
];

/** Macros of an offer's tracking_url and trafficback_url, filled when a click redirects. */
export const CLICK_MACROS: readonly string[] = [
  'clickid',
  'offer_id',
  'pid',
  ...range('sub', 1, 8),
  'ip',
  'country',
  'ua',
  // Affise's spellings and extra values of a tracking URL.
  'click_id',
  'geo',
  'device_ua',
  'uagent',
  'referrer',
  'offer_name',
  'affiliate_name',
  'advertiser_id',
  'rand',
  'time',
  'time_petty',
  'date_only',
  'deeplink',
  'impression_id',
  'aimp_id',
  ...UNRECORDED_CLICK_MACROS,
  ...UNKNOWN_DEVICE_MACROS,
];

/** Macros of affiliate-facing URLs (affiliate postbacks, tracking events): never the advertiser's money. */
export const AFFILIATE_MACROS: readonly string[] = [
  'clickid',
  'conversion_id',
  'action_id',
  'transactionid',
  'offer_id',
  'offerid',
  'offer_name',
  'affiliate_id',
  'pid',
  'goal',
  'goal_title',
  'status',
  'status_name',
  'sum',
  'payout',
  'currency',
  ...range('sub', 1, 8),
  ...range('affS', 1, 8),
  'ip',
  'country',
  'geo',
  'ua',
  'comment',
  ...range('custom_field', 1, 15),
  'date',
  'date_only',
  'timestamp',
  'click_date',
  'rand',
  // Affise's spellings and extra values of an affiliate postback.
  'click_id',
  ...range('custom_field_', 1, 15),
  'affiliate_name',
  'uagent',
  'device_ua',
  'referrer',
  'time',
  'time_petty',
  'order_currency',
  ...UNRECORDED_CLICK_MACROS,
  ...UNKNOWN_DEVICE_MACROS,
];

/**
 * Macros that carry the advertiser's side of a conversion. Affise also offers `{order_sum}` in
 * affiliate postbacks; Trackpost refuses these in every affiliate-facing URL (a network's
 * revenue is not its affiliates' business) and says why.
 */
export const ADVERTISER_ONLY_MACROS: readonly string[] = ['revenue', 'order_sum', 'advertiser_id'];

/** Cross-postbacks go to the network's own partners and may also carry the advertiser's money. */
export const CROSS_POSTBACK_MACROS: readonly string[] = [...AFFILIATE_MACROS, ...ADVERTISER_ONLY_MACROS];
