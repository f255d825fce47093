/**
 * The SQL of the custom report, shared by both backends (they differ only in placeholders and
 * in how a sub is read from the stored JSON array). Counter tables are keyed by UTC quarter
 * hour `q`; a local hour or day is `q` shifted by the zone's offset (a CASE over the offset
 * segments of the range) and divided by 4 or 96, so any zone is exact with no raw scan. A query
 * that needs no country (or no affiliate) reads a rollup of the counters (report-rollups.ts).
 */
import { objectIdLowerBound } from '../domain/object-id.js';
import { ACTION_COLUMNS, type ReportDim, type ReportQuery, readsRaw } from './report-query.js';
import { CLICK_COUNTERS, CONVERSION_COUNTERS, type CounterTable, rollupFor } from './report-rollups.js';

export interface SqlDialect {
  /** The placeholder of the n-th argument (1-based). */
  placeholder(n: number): string;
  /** The text of sub `index` (0-based) from the `subs` JSON array column, NULL when absent. */
  sub(index: number): string;
}

export type ReportSource = 'traffic' | 'actions' | 'refused';

interface Source {
  table: string;
  q: string;
  country: string;
  /** Columns this source has among the dims. */
  has: ReadonlySet<ReportDim>;
  sums: string[];
}

const QUARTER_MS = 900_000;
const ALL_STATUSES: Record<string, number> = { a: 1, p: 2, d: 3, h: 5 };

function rawActionSums(): string[] {
  return ACTION_COLUMNS.map((column) => {
    const [prefix, measure] = column.split('_');
    const status = ALL_STATUSES[prefix];
    const value =
      measure === 'count'
        ? '1'
        : measure === 'rev'
          ? 'revenue'
          : measure === 'pay'
            ? 'payout'
            : measure === 'norev'
              ? 'CASE WHEN revenue = 0 THEN 1 ELSE 0 END'
              : 'CASE WHEN payout = 0 THEN 1 ELSE 0 END';
    return `SUM(CASE WHEN status = ${status} THEN ${value} ELSE 0 END) AS ${column}`;
  });
}

/** The dimensions a query groups or filters by (a rollup must hold them all). */
function neededDims(query: ReportQuery): Set<ReportDim> {
  const f = query.filter;
  const needed = new Set<ReportDim>(query.dims);
  const filters: [ReportDim, unknown[] | undefined][] = [
    ['offer', f.offer],
    ['offer', f.notOffer],
    ['affiliate', f.affiliate],
    ['affiliate', f.notAffiliate],
    ['advertiser', f.advertiser],
    ['advertiser', f.notAdvertiser],
    ['country', f.country],
    ['country', f.notCountry],
    ['currency', f.currency],
    ['goal', f.goal],
  ];
  for (const [dim, values] of filters) if (values && values.length > 0) needed.add(dim);
  return needed;
}

/** A counter table, or the smallest of its rollups that can answer the query. */
function countersOrRollup(base: Source, counters: CounterTable, query: ReportQuery): Source {
  const needed = new Set([...neededDims(query)].filter((dim) => base.has.has(dim)));
  const rollup = rollupFor(counters, needed);
  return rollup ? { ...base, table: rollup.table, has: rollup.dims } : base;
}

function source(kind: ReportSource, query: ReportQuery, raw: boolean): Source {
  const entity: ReportDim[] = ['offer', 'affiliate', 'advertiser', 'country', 'currency'];
  if (raw && kind === 'traffic') {
    return {
      table: 'clicks',
      q: `(created_at / ${QUARTER_MS})`,
      country: "COALESCE(country, '')",
      // Raw clicks keep no advertiser or currency: the caller reads them from the offer.
      has: new Set(['offer', 'affiliate', 'country']),
      sums: ['COUNT(*) AS raw', 'SUM(CASE WHEN uniq THEN 1 ELSE 0 END) AS uniq'],
    };
  }
  if (raw && kind === 'actions') {
    return {
      table: 'conversions',
      q: `(created_at / ${QUARTER_MS})`,
      country: "COALESCE(country, '')",
      has: new Set([...entity, 'goal']),
      sums: rawActionSums(),
    };
  }
  if (kind === 'traffic') {
    const counters: Source = {
      table: 'stat_clicks',
      q: 'q',
      country: 'country',
      has: new Set(entity),
      sums: ['SUM(raw) AS raw', 'SUM(uniq) AS uniq'],
    };
    return countersOrRollup(counters, CLICK_COUNTERS, query);
  }
  if (kind === 'actions') {
    const counters: Source = {
      table: 'stat_conversions',
      q: 'q',
      country: 'country',
      has: new Set([...entity, 'goal']),
      sums: ACTION_COLUMNS.map((column) => `SUM(${column}) AS ${column}`),
    };
    return countersOrRollup(counters, CONVERSION_COUNTERS, query);
  }
  return {
    table: 'stat_refused',
    q: 'q',
    country: 'country',
    has: new Set([...entity, 'reason']),
    sums: ['SUM(n) AS n'],
  };
}

/** The local time bucket of `q` (an SQL expression in quarter hours). */
function localTime(query: ReportQuery, q: string): string | null {
  if (query.time === 'none') return null;
  const segments = query.segments;
  let offset: string;
  if (segments.length === 1) offset = String(segments[0].offsetQ);
  else {
    const branches = segments
      .slice(1)
      .map((segment, index) => `WHEN ${q} < ${segment.fromQ} THEN ${segments[index].offsetQ}`)
      .join(' ');
    offset = `CASE ${branches} ELSE ${segments[segments.length - 1].offsetQ} END`;
  }
  return `((${q} + ${offset}) / ${query.time === 'hour' ? 4 : 96})`;
}

/** The grouped SELECT of one source for the query, and its arguments. */
export function reportSql(
  kind: ReportSource,
  query: ReportQuery,
  dialect: SqlDialect,
): { sql: string; args: unknown[] } {
  const raw = readsRaw(query);
  const from = source(kind, query, raw);
  const args: unknown[] = [];
  const arg = (value: unknown) => {
    args.push(value);
    return dialect.placeholder(args.length);
  };
  const where: string[] = [];
  const within = (column: string, values: readonly unknown[] | undefined, negate = false) => {
    if (!values || values.length === 0) return;
    where.push(`${column} ${negate ? 'NOT IN' : 'IN'} (${values.map(arg).join(', ')})`);
  };
  if (from.table === 'clicks') {
    where.push(`clickid >= ${arg(objectIdLowerBound(query.fromQ * QUARTER_MS))}`);
    where.push(`clickid < ${arg(objectIdLowerBound(query.toQ * QUARTER_MS))}`);
  } else if (from.table === 'conversions') {
    where.push(`created_at >= ${arg(query.fromQ * QUARTER_MS)}`, `created_at < ${arg(query.toQ * QUARTER_MS)}`);
    where.push(`id >= ${arg(objectIdLowerBound(query.fromQ * QUARTER_MS))}`);
    where.push(`id < ${arg(objectIdLowerBound(query.toQ * QUARTER_MS + 1000))}`);
  } else {
    where.push(`q >= ${arg(query.fromQ)}`, `q < ${arg(query.toQ)}`);
  }
  const f = query.filter;
  within('offer_id', f.offer);
  within('offer_id', f.notOffer, true);
  within('affiliate_id', f.affiliate);
  within('affiliate_id', f.notAffiliate, true);
  if (from.has.has('advertiser')) {
    within('advertiser_id', f.advertiser);
    within('advertiser_id', f.notAdvertiser, true);
  }
  if (from.has.has('currency')) within('currency', f.currency);
  within(from.country, f.country);
  within(from.country, f.notCountry, true);
  if (from.has.has('goal')) within('goal_key', f.goal);
  if (raw) {
    (f.subs ?? []).forEach((values, index) => {
      if (values) within(`COALESCE(${dialect.sub(index)}, '')`, values);
    });
  }

  const select: string[] = [];
  const group: string[] = [];
  const time = localTime(query, from.q);
  if (time) {
    select.push(`${time} AS t`);
    group.push(time);
  }
  const dims = new Set(query.dims);
  // Raw clicks are grouped by offer whenever advertiser or currency is asked: the caller maps them.
  if (from.table === 'clicks' && (dims.has('advertiser') || dims.has('currency'))) dims.add('offer');
  const columnOf: Record<ReportDim, string> = {
    offer: 'offer_id',
    affiliate: 'affiliate_id',
    advertiser: 'advertiser_id',
    goal: 'goal_key',
    country: from.country,
    currency: 'currency',
    reason: 'reason',
  };
  for (const dim of dims) {
    if (!from.has.has(dim)) continue;
    const column = columnOf[dim];
    group.push(column);
    if (dim === 'goal') select.push('MIN(goal) AS goal');
    else select.push(`${column} AS ${dim === 'country' ? 'country' : column}`);
  }
  if (raw) {
    for (const index of query.subs) {
      const expression = `COALESCE(${dialect.sub(index)}, '')`;
      select.push(`${expression} AS s${index}`);
      group.push(expression);
    }
  }
  select.push(...from.sums);
  const sql = `SELECT ${select.join(', ')} FROM ${from.table} WHERE ${where.join(' AND ')}${
    group.length > 0 ? ` GROUP BY ${group.join(', ')}` : ''
  }`;
  return { sql, args };
}
