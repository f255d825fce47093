/**
 * `GET /3.0/stats/conversions` (docs/api.md, "Conversions slice"): conversions in a date range (by
 * creation time), newest first, narrowed by list and single filters. The slice is shared with share
 * links.
 */
import type { AppContext } from '../context.js';
import { parseStatus, type StatusCode } from '../domain/status.js';
import { badRequest } from '../http/errors.js';
import { dateRangeParam, idListParam, listParam, pageParam, singleParam, type RawQuery } from '../http/query.js';
import type { App } from '../http/types.js';
import { ref } from '../schemas/common.js';
import { ConversionListSchema, type ConversionListRecord } from '../schemas/conversion.js';
import { errorResponses } from '../schemas/error.js';
import type { ConversionFilter } from '../store/store.js';
import { statsListAnswer } from './affise-shapes.js';
import { presentConversionRow } from './conversion-row.js';
import { COMMON_PARAMS, acceptedNames, queryDoc, rejectUnknownParams, type ParamSpec } from './params.js';
import type { Slice } from './slices.js';

/** The query parameters of the conversions slice. */
export const CONVERSION_PARAMS: readonly ParamSpec[] = [
  ...COMMON_PARAMS,
  { name: 'status', list: true, description: 'Statuses, by code or name' },
  { name: 'offer', list: true, description: 'Offer ids' },
  { name: 'partner', list: true, description: 'Affiliate ids' },
  { name: 'advertiser', list: true, description: 'Advertiser ids' },
  { name: 'country', list: true, description: 'ISO-3166 alpha-2 country codes' },
  { name: 'goal', description: 'Goal value (case-insensitive)' },
  { name: 'action_id', description: "The advertiser's conversion id" },
  { name: 'clickid', description: 'Click id' },
  { name: 'decline_reason', list: true, description: 'cap_reached, or none (conversions without a decline reason)' },
];

const ACCEPTED = acceptedNames(CONVERSION_PARAMS);

function statusList(query: RawQuery): StatusCode[] | undefined {
  const values = listParam(query, 'status');
  if (values.length === 0) return undefined;
  return values.map((value) => {
    const code = parseStatus(value);
    if (code === null)
      throw badRequest(`status: unknown status "${value}" (approved, pending, declined, hold, or codes 1, 2, 3, 5)`);
    return code;
  });
}

function countryList(query: RawQuery): string[] | undefined {
  const values = listParam(query, 'country').map((value) => value.toUpperCase());
  if (values.length === 0) return undefined;
  const bad = values.find((value) => !/^[A-Z]{2}$/.test(value));
  if (bad !== undefined) throw badRequest(`country: "${bad}" is not an ISO-3166 alpha-2 country code`);
  return values;
}

const DECLINE_REASONS = ['cap_reached', 'none'] as const;

function declineReasonList(query: RawQuery): ('cap_reached' | 'none')[] | undefined {
  const values = listParam(query, 'decline_reason');
  if (values.length === 0) return undefined;
  return values.map((value) => {
    const reason = DECLINE_REASONS.find((known) => known === value.toLowerCase());
    if (!reason) throw badRequest(`decline_reason: unknown reason "${value}" (cap_reached or none)`);
    return reason;
  });
}

/** Reads and checks the slice's query (400 naming the parameter). */
export function conversionFilter(query: RawQuery): ConversionFilter {
  rejectUnknownParams(query, ACCEPTED);
  return {
    ...dateRangeParam(query),
    status: statusList(query),
    offer: idListParam(query, 'offer'),
    partner: idListParam(query, 'partner'),
    advertiser: idListParam(query, 'advertiser'),
    country: countryList(query),
    goal: singleParam(query, 'goal'),
    action_id: singleParam(query, 'action_id'),
    clickid: singleParam(query, 'clickid'),
    decline_reason: declineReasonList(query),
  };
}

/** The conversions slice: `{"status":1,"conversions":[…],"pagination":{…}}`. */
export const conversionsSlice: Slice = async (ctx, query) => {
  const filter = conversionFilter(query);
  const page = pageParam(query);
  const result = await ctx.store.conversions.list(filter, page);
  return statsListAnswer('conversions', page, result, (row) => presentConversionRow(row, ctx.catalog));
};

/** Registers `GET /3.0/stats/conversions`. */
export async function conversionStatsRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/3.0/stats/conversions',
    {
      schema: {
        tags: ['stats'],
        security: [{ apiKey: [] }],
        description: 'Conversions created in the date range, newest first.',
        querystring: queryDoc(CONVERSION_PARAMS),
        response: { 200: ref(ConversionListSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => (await conversionsSlice(ctx, request.query as RawQuery)) as ConversionListRecord,
  );
}
