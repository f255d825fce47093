/**
 * `GET /3.0/stats/getbytrafficback`: refused clicks by reason, one row per reason with a count,
 * read from the refused-click counters. An affiliate's key sees refusals of its own `pid`.
 */
import type { AppContext } from '../context.js';
import { offsetSegments } from '../domain/zone-offsets.js';
import type { RawQuery } from '../http/query.js';
import { checkNames, filterParams, orderTypeParam, pagingParams, periodParams } from './custom-params.js';

const QUARTER_MS = 900_000;
const ACCEPTED = new Set([
  'filter[date_from]',
  'filter[date_to]',
  'timezone',
  'locale',
  'page',
  'limit',
  'orderType',
  'filter[offer]',
  'filter[partner]',
  'filter[affiliate]',
  'filter[advertiser]',
  'filter[country]',
]);

export async function trafficbackReport(ctx: AppContext, query: RawQuery, affiliateId: number | null) {
  checkNames(query, (name) => ACCEPTED.has(name), affiliateId !== null);
  const period = periodParams(query);
  const filter = filterParams(query);
  if (affiliateId !== null) filter.affiliate = [affiliateId];
  const orderType = orderTypeParam(query);
  const { page, limit } = pagingParams(query);
  const cells = await ctx.store.reports.refused({
    fromQ: Math.floor(period.from / QUARTER_MS),
    toQ: Math.ceil(period.to / QUARTER_MS),
    segments: offsetSegments(period.zone, period.from, period.to),
    time: 'none',
    dims: ['reason'],
    subs: [],
    filter,
  });
  const sign = orderType === 'desc' ? -1 : 1;
  const rows = cells
    .map((cell) => ({ reason: cell.reason, n: cell.sums.n ?? 0 }))
    .filter((row) => row.n > 0)
    .sort((a, b) => (a.n - b.n) * sign || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  const start = (page - 1) * limit;
  return {
    status: 1 as const,
    stats: rows.slice(start, start + limit).map((row) => ({
      slice: { trafficback_reason: row.reason },
      traffic: { raw: '0', uniq: '0' },
      actions: {},
      views: 0,
      ctr: 0,
      ecpm: 0,
      trafficback: row.n,
    })),
    pagination: { per_page: limit, total_count: rows.length, page },
  };
}
