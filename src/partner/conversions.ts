/**
 * `GET /3.0/partner/conversions` and `GET /3.0/partner/conversions/:id`: the caller's own
 * conversions, without revenue, the advertiser's sum or the advertiser. Filters as in
 * /3.0/stats/conversions, less `partner` and `advertiser`.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { listAnswer } from '../http/pagination.js';
import { presentConversionForAffiliate } from '../http/present.js';
import { pageParam, type RawQuery } from '../http/query.js';
import type { App } from '../http/types.js';
import { ref } from '../schemas/common.js';
import { PartnerConversionListSchema, PartnerConversionSchema } from '../schemas/conversion.js';
import { errorResponses } from '../schemas/error.js';
import { CONVERSION_PARAMS, conversionFilter } from '../stats/conversions.js';
import { queryDoc } from '../stats/params.js';
import { AFFILIATE_SECURITY, caller, refuseFilters } from './caller.js';

const PARAMS = CONVERSION_PARAMS.filter((param) => param.name !== 'partner' && param.name !== 'advertiser');

export async function partnerConversionRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['affiliate API'];
  app.get(
    '/3.0/partner/conversions',
    {
      schema: {
        tags,
        security: AFFILIATE_SECURITY,
        description: 'Your conversions created in the date range, newest first; no revenue, no sum.',
        querystring: queryDoc(PARAMS),
        response: { 200: ref(PartnerConversionListSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const query = request.query as RawQuery;
      refuseFilters(query, ['partner', 'advertiser']);
      const filter = { ...conversionFilter(query), partner: [caller(request).id], advertiser: undefined };
      const page = pageParam(query);
      return listAnswer(
        'conversions',
        page,
        await ctx.store.conversions.list(filter, page),
        presentConversionForAffiliate,
      );
    },
  );

  app.get(
    '/3.0/partner/conversions/:id',
    {
      schema: {
        tags,
        security: AFFILIATE_SECURITY,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: ref(PartnerConversionSchema), ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const conversion = await ctx.store.conversions.get(request.params.id);
      if (!conversion || conversion.affiliate_id !== caller(request).id) throw notFound('Conversion not found');
      return presentConversionForAffiliate(conversion);
    },
  );
}
