/**
 * Presenting the custom report's groups as Affise rows (string traffic counts, `actions` per
 * conversion type, cr, epc, ratio), ordering them and cutting the page. The affiliate view's
 * actions carry the payout only: no `charge`, no `earning`.
 */
import type { Catalog } from '../catalog/cache.js';
import { MINOR_PER_UNIT } from '../domain/money.js';
import type { ConversionType, CustomParams } from './custom-params.js';
import { SUB_SLICES, UNTRACKED_NULL, UNTRACKED_TEXT } from './custom-params.js';
import type { Group } from './custom-cells.js';
import type { ReportRow, ReportSlice } from './custom-schema.js';
import type { Static } from '@fastify/type-provider-typebox';

const PREFIX: Record<string, string[]> = {
  total: ['a', 'p', 'd', 'h'],
  confirmed: ['a'],
  pending: ['p'],
  declined: ['d'],
  hold: ['h'],
  not_found: [],
};

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
const money = (minor: number) => round(minor / MINOR_PER_UNIT, 4);

/** A measure summed over the statuses of a conversion type (`count`, `rev`, `pay`, `norev`, `nopay`). */
function sum(group: Group, type: ConversionType, measure: string): number {
  return PREFIX[type].reduce((total, prefix) => total + (group.actions[`${prefix}_${measure}`] ?? 0), 0);
}

export interface Presented {
  row: Record<string, unknown>;
  group: Group;
}

function sliceOf(group: Group, params: CustomParams, catalog: Catalog): Static<typeof ReportSlice> {
  const slice: Record<string, unknown> = { ...group.time };
  const cell = group.cell;
  for (const name of params.slices) {
    if (name in group.time || ['year', 'quarter', 'month', 'day', 'hour'].includes(name)) continue;
    if (name === 'offer') slice.offer = { id: cell.offer_id, title: catalog.offer(cell.offer_id)?.offer.title ?? '' };
    else if (name === 'affiliate')
      slice.affiliate = { id: cell.affiliate_id, name: catalog.affiliate(cell.affiliate_id)?.name ?? '' };
    else if (name === 'advertiser')
      slice.advertiser = {
        id: String(cell.advertiser_id),
        title: catalog.advertiser(cell.advertiser_id)?.advertiser.name ?? '',
      };
    else if (name === 'goal') slice.goal = cell.goal;
    else if (name === 'country') slice.country = cell.country;
    else if (name === 'trafficback_reason') slice.trafficback_reason = cell.reason;
    else if ((SUB_SLICES as readonly string[]).includes(name)) {
      slice[name] = cell.subs[SUB_SLICES.filter((s) => params.slices.includes(s)).indexOf(name as never)] ?? '';
    } else if (UNTRACKED_TEXT.includes(name)) slice[name] = '';
    else if (UNTRACKED_NULL.includes(name)) slice[name] = null;
  }
  slice.currency = cell.currency;
  return slice as Static<typeof ReportSlice>;
}

/** One Affise row of a group. */
export function presentRow(
  group: Group,
  params: CustomParams,
  catalog: Catalog,
  affiliate: boolean,
  withTrafficback: boolean,
): Static<typeof ReportRow> {
  const actions: Static<typeof ReportRow>['actions'] = {};
  const cr: Record<string, number> = {};
  const raw = group.raw;
  const byReason = params.slices.includes('trafficback_reason');
  for (const type of params.types) {
    const count = sum(group, type, 'count');
    const pay = sum(group, type, 'pay');
    if (affiliate) actions[type] = { revenue: money(pay), null: sum(group, type, 'nopay'), count };
    else {
      const charge = sum(group, type, 'rev');
      actions[type] = {
        revenue: money(pay),
        charge: money(charge),
        earning: money(charge - pay),
        null: sum(group, type, 'norev'),
        count,
      };
    }
    cr[type] = raw > 0 ? round((count / raw) * 100, 2) : 0;
  }
  const total = sum(group, 'total', 'count');
  const epcMinor = affiliate ? sum(group, 'confirmed', 'pay') : sum(group, 'confirmed', 'rev');
  const row: Static<typeof ReportRow> = {
    slice: sliceOf(group, params, catalog),
    traffic: { raw: String(raw), uniq: String(group.uniq) },
    actions: byReason ? {} : actions,
    views: 0,
    ctr: 0,
    ecpm: 0,
    cr,
    ratio: raw > 0 && total > 0 ? `1:${round(raw / total, 2)}` : '',
    epc: raw > 0 ? round(epcMinor / MINOR_PER_UNIT / raw, 4) : 0,
  };
  if (withTrafficback) row.trafficback = group.trafficback;
  return row;
}

const ORDER_ALIAS: Record<string, string> = {
  clicks: 'raw',
  hosts: 'uniq',
  conversions: 'total_count',
  payouts: 'total_revenue',
  earnings: 'confirmed_earning',
};

/** The value a row is ordered by for one `order` key: a number, a string or a tuple of numbers. */
function orderValue(group: Group, key: string, affiliate: boolean, subsAsked: string[]): number | string | number[] {
  const name = ORDER_ALIAS[key] ?? key;
  const t = group.time;
  const cell = group.cell;
  switch (name) {
    case 'year':
      return [t.year ?? 0];
    case 'quarter':
      return [t.year ?? 0, t.quarter ?? 0];
    case 'month':
      return [t.year ?? 0, t.month ?? 0];
    case 'day':
      return [t.year ?? 0, t.month ?? 0, t.day ?? 0];
    case 'hour':
      return [t.year ?? 0, t.month ?? 0, t.day ?? 0, t.hour ?? 0];
    case 'offer':
      return cell.offer_id;
    case 'affiliate':
      return cell.affiliate_id;
    case 'advertiser':
      return cell.advertiser_id;
    case 'goal':
      return cell.goal;
    case 'country':
      return cell.country;
    case 'currency':
      return cell.currency;
    case 'trafficback_reason':
      return cell.reason;
    case 'raw':
      return group.raw;
    case 'uniq':
      return group.uniq;
    case 'total_null':
      return sum(group, 'total', affiliate ? 'nopay' : 'norev');
    case 'confirmed_earning':
      return affiliate
        ? sum(group, 'confirmed', 'pay')
        : sum(group, 'confirmed', 'rev') - sum(group, 'confirmed', 'pay');
    case 'income':
      return affiliate ? sum(group, 'total', 'pay') : sum(group, 'total', 'rev');
    case 'cr':
      return group.raw > 0 ? sum(group, 'total', 'count') / group.raw : 0;
    case 'epc':
      return group.raw > 0 ? sum(group, 'confirmed', affiliate ? 'pay' : 'rev') / group.raw : 0;
    default: {
      const sub = subsAsked.indexOf(name);
      if (sub >= 0) return cell.subs[sub] ?? '';
      const [type, measure] = name.split('_');
      return sum(group, type as ConversionType, measure === 'count' ? 'count' : 'pay');
    }
  }
}

function compare(a: number | string | number[], b: number | string | number[]): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Orders groups by the `order` keys (in `orderType`), then the remaining slice keys ascending. */
export function orderGroups(groups: Group[], params: CustomParams, affiliate: boolean): Group[] {
  const subsAsked = SUB_SLICES.filter((s) => params.slices.includes(s));
  const explicit = params.order.length > 0 ? params.order : [];
  const sliceKeys = [
    ...params.slices.filter((s) => !UNTRACKED_TEXT.includes(s) && !UNTRACKED_NULL.includes(s)),
    'currency',
  ];
  const rest = sliceKeys.filter((key) => !explicit.includes(key));
  const sign = params.orderType === 'desc' ? -1 : 1;
  const keys = params.order.length > 0 ? explicit.map((k) => ({ k, s: sign })) : sliceKeys.map((k) => ({ k, s: sign }));
  const all = [...keys, ...(params.order.length > 0 ? rest.map((k) => ({ k, s: 1 })) : [])];
  return [...groups].sort((a, b) => {
    for (const { k, s } of all) {
      const result = compare(orderValue(a, k, affiliate, subsAsked), orderValue(b, k, affiliate, subsAsked));
      if (result !== 0) return result * s;
    }
    return 0;
  });
}
