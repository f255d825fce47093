/**
 * `GET /3.0/stats/serverpostbacks` (docs/api.md, "Server postbacks slice"): the log of every
 * advertiser postback and pixel, accepted or rejected, newest first. The slice is shared with share
 * links.
 */
import type { AppContext } from '../context.js';
import { badRequest } from '../http/errors.js';
import { dateRangeParam, idListParam, pageParam, singleParam, type RawQuery } from '../http/query.js';
import type { App } from '../http/types.js';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { ServerPostbackListSchema, type ServerPostbackListRecord } from '../schemas/server-postback.js';
import type { PostbackLogFilter } from '../store/store.js';
import { statsListAnswer } from './affise-shapes.js';
import { presentServerPostbackRow } from './log-rows.js';
import { COMMON_PARAMS, acceptedNames, queryDoc, rejectUnknownParams, type ParamSpec } from './params.js';
import type { Slice } from './slices.js';

/** The query parameters of the server postbacks slice. */
export const SERVER_POSTBACK_PARAMS: readonly ParamSpec[] = [
  ...COMMON_PARAMS,
  { name: 'offer', list: true, description: 'Offer ids' },
  { name: 'partner', list: true, description: 'Affiliate ids' },
  { name: 'supplier', list: true, description: 'Advertiser ids' },
  { name: 'click_id', description: 'Click id' },
  { name: 'action_id', description: "The advertiser's conversion id" },
  { name: 'goal', description: 'Goal value as received (case-insensitive)' },
  { name: 'status', description: 'Status as received (case-insensitive)' },
  { name: 'response_status', description: '1: accepted, 2: rejected' },
  { name: 'search', description: "Case-insensitive partial match over every parameter's value" },
];

const ACCEPTED = acceptedNames(SERVER_POSTBACK_PARAMS);

function responseStatus(query: RawQuery): 1 | 2 | undefined {
  const value = singleParam(query, 'response_status');
  if (value === undefined) return undefined;
  if (value !== '1' && value !== '2') throw badRequest(`response_status: expected 1 or 2, got "${value}"`);
  return value === '1' ? 1 : 2;
}

/** Reads and checks the slice's query (400 naming the parameter). */
export function serverPostbackFilter(query: RawQuery): PostbackLogFilter {
  rejectUnknownParams(query, ACCEPTED);
  return {
    ...dateRangeParam(query),
    offer: idListParam(query, 'offer'),
    partner: idListParam(query, 'partner'),
    supplier: idListParam(query, 'supplier'),
    click_id: singleParam(query, 'click_id'),
    action_id: singleParam(query, 'action_id'),
    goal: singleParam(query, 'goal'),
    status: singleParam(query, 'status'),
    response_status: responseStatus(query),
    search: singleParam(query, 'search'),
  };
}

/** The server postbacks slice: `{"status":1,"postbacks":[…],"pagination":{…}}`. */
export const serverPostbacksSlice: Slice = async (ctx, query) => {
  const filter = serverPostbackFilter(query);
  const page = pageParam(query);
  const result = await ctx.store.postbackLog.list(filter, page);
  return statsListAnswer('postbacks', page, result, (row) => presentServerPostbackRow(row, ctx.catalog));
};

/** Registers `GET /3.0/stats/serverpostbacks`. */
export async function serverPostbackStatsRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/3.0/stats/serverpostbacks',
    {
      schema: {
        tags: ['stats'],
        security: [{ apiKey: [] }],
        description: 'Every advertiser postback and pixel, accepted or rejected, newest first.',
        querystring: queryDoc(SERVER_POSTBACK_PARAMS),
        response: { 200: ref(ServerPostbackListSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => (await serverPostbacksSlice(ctx, request.query as RawQuery)) as ServerPostbackListRecord,
  );
}
