/**
 * The custom report's engine: reads the store's grouped cells (clicks, conversions, refused
 * clicks), turns their local hour or day into the asked time keys, and merges them into one
 * group per slice combination. Sums stay in minor units here; custom-rows.ts presents them.
 */
import type { Catalog } from '../catalog/cache.js';
import { offsetSegments } from '../domain/zone-offsets.js';
import type { ReportCell, ReportDim, ReportFilter, ReportQuery } from '../store/report-query.js';
import { readsRaw } from '../store/report-query.js';
import type { Store } from '../store/store.js';
import { SUB_SLICES, type Period } from './custom-params.js';

const QUARTER_MS = 900_000;
const DAY_MS = 86_400_000;

/** Slices under which refused clicks can be counted (they have no goal and no subs). */
const TRAFFICBACK_SLICES = new Set([
  'year',
  'quarter',
  'month',
  'day',
  'hour',
  'offer',
  'affiliate',
  'advertiser',
  'country',
  'currency',
  'trafficback_reason',
]);

/** One output group: its slice keys and its sums (minor units, counts). */
export interface Group {
  time: Record<string, number>;
  cell: ReportCell;
  raw: number;
  uniq: number;
  actions: Record<string, number>;
  trafficback: number;
  hasTraffic: boolean;
  hasActions: boolean;
}

export interface GroupRequest {
  slices: string[];
  period: Period;
  filter: ReportFilter;
}

/** The local time keys a slice list asks for, from a cell's local hour or day number. */
function timeKeys(slices: Set<string>, unit: 'none' | 'hour' | 'day', t: number | null): Record<string, number> {
  if (unit === 'none' || t === null) return {};
  const dayNumber = unit === 'hour' ? Math.floor(t / 24) : t;
  const date = new Date(dayNumber * DAY_MS);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const keys: Record<string, number> = {};
  if (slices.has('year') || slices.has('quarter') || slices.has('month') || slices.has('day')) keys.year = y;
  if (slices.has('quarter')) keys.quarter = Math.floor((m - 1) / 3) + 1;
  if (slices.has('month') || slices.has('day')) keys.month = m;
  if (slices.has('day')) keys.day = date.getUTCDate();
  if (slices.has('hour') && unit === 'hour') keys.hour = ((t % 24) + 24) % 24;
  return keys;
}

/** Whether the trafficback count belongs in the rows of these slices and filters. */
export function countsTrafficback(slices: readonly string[], filter: ReportFilter): boolean {
  return slices.every((s) => TRAFFICBACK_SLICES.has(s)) && !(filter.subs ?? []).some((v) => v !== undefined);
}

/** Reads and merges every source the slices allow; one Group per distinct slice combination. */
export async function groupCells(store: Store, catalog: Catalog, request: GroupRequest): Promise<Group[]> {
  const slices = new Set(request.slices);
  const unit = slices.has('hour')
    ? 'hour'
    : ['year', 'quarter', 'month', 'day'].some((s) => slices.has(s))
      ? 'day'
      : 'none';
  const dims = (['offer', 'affiliate', 'advertiser', 'goal', 'country', 'currency'] as ReportDim[]).filter((d) =>
    slices.has(d),
  );
  if (!dims.includes('currency')) dims.push('currency');
  const subs = SUB_SLICES.flatMap((sub, index) => (slices.has(sub) ? [index] : []));
  const query: ReportQuery = {
    fromQ: Math.floor(request.period.from / QUARTER_MS),
    toQ: Math.ceil(request.period.to / QUARTER_MS),
    segments: offsetSegments(request.period.zone, request.period.from, request.period.to),
    time: unit,
    dims,
    subs,
    filter: request.filter,
  };
  const byReason = slices.has('trafficback_reason');
  const withTraffic = !byReason && !slices.has('goal');
  const withTrafficback = countsTrafficback(request.slices, request.filter);
  const [traffic, actions, refused] = await Promise.all([
    withTraffic ? readTraffic(store, catalog, query) : [],
    byReason ? [] : store.reports.actions(query),
    withTrafficback ? store.reports.refused({ ...query, dims: byReason ? [...dims, 'reason'] : dims }) : [],
  ]);
  const groups = new Map<string, Group>();
  const groupOf = (cell: ReportCell): Group => {
    const time = timeKeys(slices, unit, cell.t);
    const key = [
      ...Object.values(time),
      ...dims.map((d) =>
        d === 'offer'
          ? cell.offer_id
          : d === 'affiliate'
            ? cell.affiliate_id
            : d === 'advertiser'
              ? cell.advertiser_id
              : d === 'goal'
                ? cell.goal.toLowerCase()
                : d === 'country'
                  ? cell.country
                  : cell.currency,
      ),
      ...cell.subs,
      byReason ? cell.reason : '',
    ].join('\u0001');
    let group = groups.get(key);
    if (!group) {
      group = { time, cell, raw: 0, uniq: 0, actions: {}, trafficback: 0, hasTraffic: false, hasActions: false };
      groups.set(key, group);
    }
    return group;
  };
  for (const cell of traffic) {
    const group = groupOf(cell);
    group.raw += cell.sums.raw ?? 0;
    group.uniq += cell.sums.uniq ?? 0;
  }
  for (const cell of actions) {
    const group = groupOf(cell);
    for (const [name, value] of Object.entries(cell.sums)) group.actions[name] = (group.actions[name] ?? 0) + value;
  }
  for (const cell of refused) groupOf(cell).trafficback += cell.sums.n ?? 0;
  return [...groups.values()];
}

/**
 * Raw clicks (read under sub slices or filters) keep no advertiser or currency: those come from
 * the click's offer, so their filters become offer lists and their keys are filled here.
 */
async function readTraffic(store: Store, catalog: Catalog, query: ReportQuery): Promise<ReportCell[]> {
  if (!readsRaw(query)) return store.reports.traffic(query);
  const filter = { ...query.filter };
  const { advertiser, notAdvertiser, currency } = filter;
  if (advertiser || notAdvertiser || currency) {
    const offers = catalog
      .offers()
      .filter(
        (o) =>
          (!advertiser || advertiser.includes(o.advertiser_id)) &&
          !notAdvertiser?.includes(o.advertiser_id) &&
          (!currency || currency.includes(o.currency)),
      )
      .map((o) => o.id);
    filter.offer = filter.offer ? filter.offer.filter((id) => offers.includes(id)) : offers;
    if (filter.offer.length === 0) return [];
  }
  const cells = await store.reports.traffic({ ...query, filter });
  for (const cell of cells) {
    const offer = catalog.offer(cell.offer_id)?.offer;
    cell.advertiser_id = offer?.advertiser_id ?? 0;
    cell.currency = offer?.currency ?? '';
  }
  return cells;
}
