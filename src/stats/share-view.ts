/**
 * `GET /share/<token>` (docs/api.md, "Share links"): a shared statistics slice, no key needed. The
 * link's filters are fixed; the viewer may only page, change the page size and narrow the dates
 * within the link's range. Unknown, revoked and expired links are all one 404, so a token's past
 * cannot be probed.
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { badRequest, notFound } from '../http/errors.js';
import { dateRangeParam, pageParam, singleParam, type RawQuery } from '../http/query.js';
import type { App } from '../http/types.js';
import { ref } from '../schemas/common.js';
import { ConversionListSchema } from '../schemas/conversion.js';
import { errorResponses } from '../schemas/error.js';
import { OutboundPostbackListSchema } from '../schemas/outbound.js';
import { ServerPostbackListSchema } from '../schemas/server-postback.js';
import { SHARE_SLICES } from './share-slices.js';

/** What a viewer may add to a link's query. */
const VIEWER_PARAMS = ['page', 'limit', 'date_from', 'date_to'] as const;

const ViewerQuery = Type.Object(
  {
    page: Type.Optional(Type.String({ description: 'Page number, default 1' })),
    limit: Type.Optional(Type.String({ description: 'Rows per page, default 100, at most 1000' })),
    date_from: Type.Optional(Type.String({ description: "YYYY-MM-DD, not before the link's date_from" })),
    date_to: Type.Optional(Type.String({ description: "YYYY-MM-DD, not after the link's date_to" })),
  },
  { additionalProperties: true },
);

/** The viewer's query over the link's filters; 400 when it tries to widen or change them. */
export function viewerQuery(filters: RawQuery, query: RawQuery): RawQuery {
  const extra = Object.keys(query).find(
    (name) => query[name] !== undefined && !(VIEWER_PARAMS as readonly string[]).includes(name),
  );
  if (extra !== undefined) {
    throw badRequest(
      `${extra}: a share link's filters are fixed; only page, limit, date_from and date_to may be given`,
    );
  }
  const merged: RawQuery = { ...filters };
  for (const name of VIEWER_PARAMS) if (query[name] !== undefined) merged[name] = query[name];
  pageParam(merged); // checks page and limit before the dates, for a clear message
  const fixed = dateRangeParam(filters);
  const wanted = dateRangeParam(merged);
  if (wanted.from < fixed.from || wanted.to > fixed.to) {
    throw badRequest(
      `date_from, date_to: must lie within the shared range ${singleParam(filters, 'date_from')}..${singleParam(filters, 'date_to')}`,
    );
  }
  return merged;
}

/** Parameters whose values are credentials (the postback's and the pixel's secure token). */
const SECRET_PARAMS = ['secure', 'afsecure'];

/**
 * Masks credentials in server postback rows, in every place a row repeats the parameters
 * (`params`, Affise's `_get` and its JSON text `get`): whoever holds a link must not learn the
 * secure token and so be able to forge postbacks.
 */
function withoutSecrets(answer: Record<string, unknown>): Record<string, unknown> {
  const rows = answer.postbacks;
  if (!Array.isArray(rows)) return answer;
  for (const row of rows as { params?: Record<string, string>; _get?: Record<string, string>; get?: string }[]) {
    if (!row.params || !SECRET_PARAMS.some((name) => row.params && name in row.params)) continue;
    const masked = { ...row.params };
    for (const name of SECRET_PARAMS) if (name in masked) masked[name] = '***';
    row.params = masked;
    if (row._get !== undefined) row._get = masked;
    if (row.get !== undefined) row.get = JSON.stringify(masked);
  }
  return answer;
}

/** Any slice's answer; the serialiser picks the schema the answer matches. */
const SliceAnswerSchema = Type.Union(
  [ref(ConversionListSchema), ref(ServerPostbackListSchema), ref(OutboundPostbackListSchema)],
  { description: "The shared slice's answer, as its statistics route gives it" },
);

/** Registers the keyless `GET /share/:token`. */
export async function shareViewRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/share/:token',
    {
      schema: {
        tags: ['stats'],
        description: 'A shared statistics slice (no key): the fixed filters, with page, limit and narrower dates.',
        params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: ViewerQuery,
        response: { 200: SliceAnswerSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const link = await ctx.store.shareLinks.get(request.params.token);
      if (!link || link.revoked_at !== null || (link.expires_at !== null && link.expires_at <= Date.now())) {
        throw notFound('Share link not found or expired');
      }
      const query = viewerQuery(link.filters, request.query as RawQuery);
      return withoutSecrets(await SHARE_SLICES[link.slice](ctx, query)) as Static<typeof SliceAnswerSchema>;
    },
  );
}
