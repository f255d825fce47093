/**
 * `GET /3.0/partner/postbacks`: the caller's own outbound log (affiliate postbacks and tracking
 * events, never cross-postbacks), without revenue. Filters as in /3.0/stats/affiliatepostbacks,
 * less `partner`.
 */
import type { AppContext } from '../context.js';
import { listAnswer } from '../http/pagination.js';
import { pageParam, type RawQuery } from '../http/query.js';
import type { App } from '../http/types.js';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { PartnerOutboundPostbackListSchema } from '../schemas/outbound.js';
import { presentOutboundRowForAffiliate } from '../outbound/present.js';
import { OUTBOUND_PARAMS, outboundFilter } from '../stats/outbound.js';
import { queryDoc } from '../stats/params.js';
import { AFFILIATE_SECURITY, caller, refuseFilters } from './caller.js';

const PARAMS = OUTBOUND_PARAMS.filter((param) => param.name !== 'partner');

export async function partnerPostbackLogRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/3.0/partner/postbacks',
    {
      schema: {
        tags: ['affiliate API'],
        security: AFFILIATE_SECURITY,
        description: 'Postbacks and tracking events sent to you, with their delivery state, newest first; no revenue.',
        querystring: queryDoc(PARAMS),
        response: { 200: ref(PartnerOutboundPostbackListSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const query = request.query as RawQuery;
      refuseFilters(query, ['partner']);
      const filter = { ...outboundFilter(query, ['postback', 'tracking_event']), partner: [caller(request).id] };
      const page = pageParam(query);
      return listAnswer('postbacks', page, await ctx.store.outbound.list(filter, page), presentOutboundRowForAffiliate);
    },
  );
}
