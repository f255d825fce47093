/**
 * `GET /3.0/stats/custom`, `GET /3.0/partner/stats/custom` and `GET /3.0/stats/getbytrafficback`:
 * Affise's aggregated statistics over the counter tables. Who may call them is in the access
 * table (people/access-table.ts); an affiliate caller (its key or an affiliate account, set as
 * `request.affiliate` by the access check) sees its own records only and no advertiser money.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { badRequest } from '../http/errors.js';
import type { RawQuery } from '../http/query.js';
import type { App } from '../http/types.js';
import { filtersBySub } from '../store/report-query.js';
import { countsTrafficback, groupCells } from './custom-cells.js';
import { customParams, SUB_SLICES } from './custom-params.js';
import { orderGroups, presentRow } from './custom-rows.js';
import { errorResponses } from '../schemas/error.js';
import { ReportAnswer } from './custom-schema.js';
import { trafficbackReport } from './trafficback.js';
import { caller } from '../partner/caller.js';

/** The widest range a report over sub1..sub8 may cover: it reads raw clicks and conversions. */
export const SUB_RANGE_DAYS = 31;

const QueryDoc = Type.Object({}, { additionalProperties: true, description: 'Affise custom statistics parameters' });

/** Answers one custom report for the admin (affiliateId null) or one affiliate. */
export async function customReport(ctx: AppContext, query: RawQuery, affiliateId: number | null) {
  const affiliate = affiliateId !== null;
  const params = customParams(query, affiliate);
  if (affiliate) params.filter.affiliate = [affiliateId];
  const usesSubs =
    params.slices.some((s) => (SUB_SLICES as readonly string[]).includes(s)) || filtersBySub(params.filter);
  if (usesSubs && params.period.to - params.period.from > SUB_RANGE_DAYS * 86_400_000 + 3_600_000) {
    throw badRequest(`Date range too long for sub1..sub8 (at most ${SUB_RANGE_DAYS} days)`);
  }
  const groups = await groupCells(ctx.store, ctx.catalog, params);
  const kept = params.nonzero
    ? groups.filter((g) => ['a', 'p', 'd', 'h'].some((p) => (g.actions[`${p}_count`] ?? 0) > 0))
    : groups;
  const ordered = orderGroups(kept, params, affiliate);
  const start = (params.page - 1) * params.limit;
  const withTrafficback = countsTrafficback(params.slices, params.filter);
  return {
    status: 1 as const,
    stats: ordered
      .slice(start, start + params.limit)
      .map((group) => presentRow(group, params, ctx.catalog, affiliate, withTrafficback)),
    pagination: { per_page: params.limit, total_count: ordered.length, page: params.page },
  };
}

/** Whose report this is: the affiliate calling, or null for staff (admin key or staff session). */
function viewerAffiliate(request: FastifyRequest): number | null {
  return request.affiliate?.id ?? null;
}

export async function customReportRoutes(app: App, ctx: AppContext): Promise<void> {
  const schema = (description: string) => ({
    tags: ['stats'],
    security: [{ apiKey: [] }],
    description,
    querystring: QueryDoc,
    response: { 200: ReportAnswer, ...errorResponses(400, 401, 403) },
  });
  app.get(
    '/3.0/stats/custom',
    { schema: schema('Aggregated statistics by slices (Affise custom statistics); an affiliate sees its own.') },
    async (request) => customReport(ctx, request.query as RawQuery, viewerAffiliate(request)),
  );
  app.get(
    '/3.0/partner/stats/custom',
    { schema: schema("The affiliate's own aggregated statistics (no advertiser money).") },
    async (request) => customReport(ctx, request.query as RawQuery, caller(request).id),
  );
  app.get(
    '/3.0/stats/getbytrafficback',
    { schema: schema('Refused clicks by reason (Affise trafficback).') },
    async (request) => trafficbackReport(ctx, request.query as RawQuery, viewerAffiliate(request)),
  );
}
