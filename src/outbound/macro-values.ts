/**
 * The values behind the `{name}` macros of outbound URLs (docs/api.md, "Macros"), built from one
 * conversion event. Two audiences: affiliate-facing URLs (affiliate postbacks, tracking events)
 * and cross-postbacks. The affiliate values are built without the advertiser's money at all,
 * so no URL or body sent to an affiliate can carry revenue, order_sum or advertiser_id.
 */
import { randomInt } from 'node:crypto';
import { UNKNOWN_DEVICE_MACROS, UNRECORDED_CLICK_MACROS } from '../domain/macro-names.js';
import type { MacroValues } from '../domain/macros.js';
import { toDecimalString } from '../domain/money.js';
import { statusName } from '../domain/status.js';
import type { Conversion } from '../domain/entities.js';

/** Macros whose values are numbers (money as decimals): JSON numbers in POST bodies. */
const NUMBER_MACROS = new Set([
  'sum',
  'payout',
  'revenue',
  'order_sum',
  'status',
  'offer_id',
  'offerid',
  'affiliate_id',
  'pid',
  'advertiser_id',
  'timestamp',
  'rand',
]);

/** `2026-11-22 10:15:30` (UTC): the date format affiliate trackers parse most readily. */
function dateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** `10:15:30` (UTC), Affise's `{time}` of a conversion and `{time_petty}` of a click. */
export function timeOfDay(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** Names from the catalog that some macros carry. */
export interface MacroNames {
  offerTitle: string | null;
  affiliateName: string | null;
}

/** Values every outbound URL may use (AFFILIATE_MACROS). */
export function affiliateMacroValues(conversion: Conversion, names: MacroNames): MacroValues {
  const c = conversion;
  const offerTitle = names.offerTitle;
  const values: MacroValues = {
    clickid: c.clickid,
    conversion_id: c.id,
    action_id: c.action_id,
    transactionid: c.action_id,
    offer_id: c.offer_id,
    offerid: c.offer_id,
    offer_name: offerTitle,
    affiliate_id: c.affiliate_id,
    pid: c.affiliate_id,
    goal: c.goal,
    goal_title: c.goal_title,
    status: c.status,
    status_name: statusName(c.status),
    // {sum} is the affiliate's amount, as on the platforms affiliates come from; the
    // advertiser's order amount is {order_sum}, for cross-postbacks only.
    sum: toDecimalString(c.payout),
    payout: toDecimalString(c.payout),
    currency: c.currency,
    ip: c.ip,
    country: c.country,
    geo: c.country,
    // The click's user agent and referring page, carried onto its conversion.
    ua: c.user_agent,
    comment: c.comment,
    date: dateTime(c.created_at),
    date_only: new Date(c.created_at).toISOString().slice(0, 10),
    timestamp: Math.floor(c.created_at / 1000),
    click_date: dateTime(c.click_at),
    rand: randomInt(0, 2 ** 31),
    // Affise's spellings of the same values, and the ones it adds.
    click_id: c.clickid,
    affiliate_name: names.affiliateName,
    time: timeOfDay(c.created_at),
    time_petty: timeOfDay(c.click_at),
    order_currency: c.currency,
    uagent: c.user_agent,
    device_ua: c.user_agent,
    referrer: c.referrer,
  };
  for (let i = 0; i < 8; i++) {
    values[`sub${i + 1}`] = c.subs[i] ?? null;
    values[`affS${i + 1}`] = c.subs[i] ?? null;
  }
  for (let i = 1; i <= 15; i++) {
    const field = c.custom_fields[`custom_field${i}`] ?? null;
    values[`custom_field${i}`] = field;
    values[`custom_field_${i}`] = field;
  }
  for (const name of UNRECORDED_CLICK_MACROS) values[name] = null;
  for (const name of UNKNOWN_DEVICE_MACROS) values[name] = null;
  return values;
}

/**
 * Values of cross-postback URLs (CROSS_POSTBACK_MACROS): the affiliate's plus the advertiser's
 * money. `{time}` is the click's Unix time here, as Affise fills it in cross-postbacks (in
 * affiliate postbacks it is the conversion's time of day).
 */
export function crossPostbackMacroValues(conversion: Conversion, names: MacroNames): MacroValues {
  return {
    ...affiliateMacroValues(conversion, names),
    time: Math.floor(conversion.click_at / 1000),
    revenue: toDecimalString(conversion.revenue),
    order_sum: conversion.sum === null ? null : toDecimalString(conversion.sum),
    advertiser_id: conversion.advertiser_id,
  };
}

/** The JSON body of a POST: the macro values, money and ids as JSON numbers. */
export function macroValuesBody(values: MacroValues): string {
  const body: Record<string, string | number | null> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) body[name] = null;
    else if (typeof value === 'number' || NUMBER_MACROS.has(name)) body[name] = Number(value);
    else body[name] = String(value);
  }
  return JSON.stringify(body);
}
