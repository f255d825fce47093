/**
 * `GET /3.0/stats/affiliatepostbacks` (affiliate postbacks and tracking events) and
 * `GET /3.0/stats/crosspostbacks`: the outbound log, newest first, one row per outbound request
 * with its delivery state (docs/api.md, "Affiliate postbacks and cross-postbacks slices"). Both
 * slices are shared with share links.
 */
import type { AppContext } from '../context.js';
import { parseStatus } from '../domain/status.js';
import { badRequest } from '../http/errors.js';
import { dateRangeParam, idListParam, pageParam, singleParam, type RawQuery } from '../http/query.js';
import type { App } from '../http/types.js';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { OutboundPostbackListSchema, type OutboundPostbackListRecord } from '../schemas/outbound.js';
import type { OutboundKind } from '../domain/entities.js';
import type { OutboundFilter } from '../store/store.js';
import { statsListAnswer } from './affise-shapes.js';
import { presentOutboundStatsRow } from './log-rows.js';
import { COMMON_PARAMS, acceptedNames, queryDoc, rejectUnknownParams, type ParamSpec } from './params.js';
import type { Slice } from './slices.js';

/** Filters both outbound slices take. */
export const OUTBOUND_PARAMS: readonly ParamSpec[] = [
  ...COMMON_PARAMS,
  { name: 'offer', list: true, description: 'Offer ids' },
  { name: 'partner', list: true, description: 'Affiliate ids' },
  { name: 'goal', description: 'Goal value (case-insensitive)' },
  { name: 'status', description: 'Conversion status at the event, by code or name' },
  { name: 'http_code', description: 'HTTP code of the last answer; 0: no answer' },
  { name: 'type', description: 'postback or tracking_event (affiliatepostbacks); cross_postback (crosspostbacks)' },
];

const ACCEPTED = acceptedNames(OUTBOUND_PARAMS);

/**
 * Reads and checks an outbound slice's query (400 naming the parameter). `kinds` are the row
 * types the slice shows; `type` may narrow them but never widen them.
 */
export function outboundFilter(query: RawQuery, kinds: readonly OutboundKind[]): OutboundFilter {
  rejectUnknownParams(query, ACCEPTED);
  const type = singleParam(query, 'type');
  if (type !== undefined && !kinds.includes(type as OutboundKind)) {
    throw badRequest(`type: expected ${kinds.join(' or ')}, got "${type}"`);
  }
  const statusText = singleParam(query, 'status');
  const status = statusText === undefined ? undefined : parseStatus(statusText);
  if (status === null)
    throw badRequest(`status: unknown status "${statusText}" (approved, pending, declined, hold, or codes 1, 2, 3, 5)`);
  const httpText = singleParam(query, 'http_code');
  if (httpText !== undefined && !/^\d{1,3}$/.test(httpText)) {
    throw badRequest(`http_code: expected an HTTP status code (0 for no answer), got "${httpText}"`);
  }
  return {
    ...dateRangeParam(query),
    kinds: type === undefined ? [...kinds] : [type as OutboundKind],
    offer: idListParam(query, 'offer'),
    partner: idListParam(query, 'partner'),
    goal: singleParam(query, 'goal'),
    status,
    http_code: httpText === undefined ? undefined : Number(httpText),
  };
}

function outboundSlice(kinds: readonly OutboundKind[]): Slice {
  return async (ctx, query) => {
    const filter = outboundFilter(query, kinds);
    const page = pageParam(query);
    return statsListAnswer('postbacks', page, await ctx.store.outbound.list(filter, page), presentOutboundStatsRow);
  };
}

/** Affiliate postbacks and tracking events, `{"status":1,"postbacks":[…],"pagination":{…}}`. */
export const affiliatePostbacksSlice: Slice = outboundSlice(['postback', 'tracking_event']);

/** Cross-postbacks, same row and answer shape. */
export const crossPostbacksSlice: Slice = outboundSlice(['cross_postback']);

export async function outboundStatsRoutes(app: App, ctx: AppContext): Promise<void> {
  const answer = ref(OutboundPostbackListSchema);
  const errors = errorResponses(400, 401);
  app.get(
    '/3.0/stats/affiliatepostbacks',
    {
      schema: {
        tags: ['stats'],
        security: [{ apiKey: [] }],
        description: 'Affiliate postbacks and tracking events sent or being sent, newest first.',
        querystring: queryDoc(OUTBOUND_PARAMS),
        response: { 200: answer, ...errors },
      },
    },
    async (request) => (await affiliatePostbacksSlice(ctx, request.query as RawQuery)) as OutboundPostbackListRecord,
  );

  app.get(
    '/3.0/stats/crosspostbacks',
    {
      schema: {
        tags: ['stats'],
        security: [{ apiKey: [] }],
        description: "Cross-postbacks (the offers' cross_postback_url) sent or being sent, newest first.",
        querystring: queryDoc(OUTBOUND_PARAMS),
        response: { 200: answer, ...errors },
      },
    },
    async (request) => (await crossPostbacksSlice(ctx, request.query as RawQuery)) as OutboundPostbackListRecord,
  );
}
