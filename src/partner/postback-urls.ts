/**
 * `/3.0/partner/postback-urls`: the caller's own postback URLs (docs/api.md, "Affiliate
 * postbacks"), global or for one offer, with goal and status filters, under the admin API's
 * rules (affiliate macros only). The outbound log of what they sent is `/3.0/partner/postbacks`.
 * Another affiliate's postback answers 404, as one that does not exist; an offer the caller may
 * not see is an unknown offer.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  CreatePostback,
  PatchPostback,
  type PostbackFields,
  buildAffiliatePostback,
  presentAffiliatePostback,
} from '../admin/affiliate-postbacks.js';
import type { AppContext } from '../context.js';
import type { AffiliatePostback } from '../domain/entities.js';
import { badRequest, notFound } from '../http/errors.js';
import { RecordId } from '../http/ids.js';
import { PageQuery, listAnswer, pageRequest } from '../http/pagination.js';
import type { App } from '../http/types.js';
import { AffiliatePostbackListSchema, AffiliatePostbackSchema } from '../schemas/affiliate-postback.js';
import { DeletedSchema, ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { AFFILIATE_SECURITY, caller } from './caller.js';
import { offerOpenTo } from '../domain/click-rules.js';

const MISSING = 'Postback not found';
const IdParams = Type.Object({ id: RecordId });
const Item = ref(AffiliatePostbackSchema);

export async function partnerPostbackUrlRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['affiliate API'];
  const security = AFFILIATE_SECURITY;
  const errors = errorResponses(400, 401, 404);
  const repo = ctx.store.affiliatePostbacks;

  async function own(request: FastifyRequest, id: number): Promise<AffiliatePostback> {
    const postback = await repo.get(id);
    if (!postback || postback.affiliate_id !== caller(request).id) throw notFound(MISSING);
    return postback;
  }

  /** Checks the fields as the admin API does; a private offer closed to the caller is unknown. */
  function build(request: FastifyRequest, fields: PostbackFields, current: AffiliatePostback | null) {
    const me = caller(request).id;
    const offerId = fields.offer_id;
    if (offerId !== null && offerId !== current?.offer_id) {
      const offer = ctx.catalog.offer(offerId)?.offer;
      if (!offer || !offerOpenTo(offer, me)) {
        throw badRequest(`offer_id: unknown offer ${offerId}`);
      }
    }
    return buildAffiliatePostback({ ...fields, affiliate_id: me }, ctx, current);
  }

  app.get(
    '/3.0/partner/postback-urls',
    {
      schema: {
        tags,
        security,
        description: 'Your postback URLs, newest first.',
        querystring: Type.Object(PageQuery),
        response: { 200: ref(AffiliatePostbackListSchema), ...errors },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const found = await repo.list(page, { affiliate_id: caller(request).id });
      return listAnswer('postbacks', page, found, presentAffiliatePostback);
    },
  );

  app.post(
    '/3.0/partner/postback-urls',
    { schema: { tags, security, body: CreatePostback, response: { 201: Item, ...errors } } },
    async (request, reply) => {
      const fields = {
        method: 'GET',
        offer_id: null,
        goals: [],
        statuses: [],
        ...request.body,
        affiliate_id: caller(request).id,
      } as PostbackFields;
      const created = await repo.create(build(request, fields, null));
      return reply.code(201).send(presentAffiliatePostback(created));
    },
  );

  app.get(
    '/3.0/partner/postback-urls/:id',
    { schema: { tags, security, params: IdParams, response: { 200: Item, ...errors } } },
    async (request) => presentAffiliatePostback(await own(request, request.params.id)),
  );

  app.patch(
    '/3.0/partner/postback-urls/:id',
    { schema: { tags, security, params: IdParams, body: PatchPostback, response: { 200: Item, ...errors } } },
    async (request) => {
      const current = await own(request, request.params.id);
      const { id: _i, created_at: _c, updated_at: _u, ...stored } = current;
      const fields = { ...stored, ...request.body, affiliate_id: current.affiliate_id } as PostbackFields;
      const updated = await repo.update(current.id, build(request, fields, current));
      if (!updated) throw notFound(MISSING);
      return presentAffiliatePostback(updated);
    },
  );

  app.delete(
    '/3.0/partner/postback-urls/:id',
    { schema: { tags, security, params: IdParams, response: { 200: ref(DeletedSchema), ...errors } } },
    async (request) => {
      const current = await own(request, request.params.id);
      if (!(await repo.delete(current.id))) throw notFound(MISSING);
      return { status: 1 as const };
    },
  );
}
