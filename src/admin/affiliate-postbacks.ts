/**
 * `/3.0/admin/affiliates/:affiliate_id/postbacks` (docs/api.md, "Affiliate postbacks"): an
 * affiliate's postback URLs. `offer_id` null makes a global postback, used for every offer the
 * affiliate has no postback of its own for. URLs may use only the affiliate macros: revenue and the
 * advertiser's amount never leave for an affiliate.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { AFFILIATE_MACROS } from '../domain/macros.js';
import { statusName } from '../domain/status.js';
import { badRequest } from '../http/errors.js';
import { iso } from '../http/present.js';
import type { App } from '../http/types.js';
import {
  AffiliatePostbackListSchema,
  AffiliatePostbackSchema,
  type AffiliatePostbackRecord,
} from '../schemas/affiliate-postback.js';
import type { AffiliatePostback } from '../domain/entities.js';
import { registerCrud, type StoredFields } from './crud.js';
import { checkUrl } from './fields.js';
import { GoalListSchema, StatusListSchema, checkGoals, checkStatuses } from './outbound-fields.js';

export const CreatePostback = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'http(s) URL; affiliate macros only',
    }),
    method: Type.Optional(Type.Union([Type.Literal('GET'), Type.Literal('POST')], { description: 'Default: GET' })),
    offer_id: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
        description: 'The offer it is for; null (default): global, for offers without postbacks of their own',
      }),
    ),
    goals: Type.Optional(GoalListSchema),
    statuses: Type.Optional(StatusListSchema('Statuses it fires for; empty: all')),
  },
  { additionalProperties: false },
);

export const PatchPostback = Type.Partial(CreatePostback, { additionalProperties: false });

/** Editable fields as the API takes them. */
export interface PostbackFields {
  affiliate_id: number;
  url: string;
  method: 'GET' | 'POST';
  offer_id: number | null;
  goals: string[];
  statuses: (string | number)[];
}

/** An affiliate postback with status names and ISO times (AffiliatePostbackSchema shapes the rest). */
export function presentAffiliatePostback(p: AffiliatePostback): AffiliatePostbackRecord {
  return {
    ...p,
    statuses: p.statuses.map(statusName),
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
  };
}

export function buildAffiliatePostback(
  f: PostbackFields,
  ctx: AppContext,
  current: AffiliatePostback | null,
): StoredFields<AffiliatePostback> {
  // An offer deleted since the postback was saved does not block editing its other fields.
  if (f.offer_id !== null && f.offer_id !== current?.offer_id && !ctx.catalog.offer(f.offer_id)) {
    throw badRequest(`offer_id: unknown offer ${f.offer_id}`);
  }
  return {
    affiliate_id: f.affiliate_id,
    offer_id: f.offer_id,
    url: checkUrl('url', f.url, AFFILIATE_MACROS),
    method: f.method,
    goals: checkGoals('goals', f.goals),
    statuses: checkStatuses('statuses', f.statuses),
  };
}

export async function affiliatePostbackRoutes(app: App, ctx: AppContext): Promise<void> {
  registerCrud<AffiliatePostback, PostbackFields>(app, ctx, {
    path: '/3.0/admin/affiliates/:affiliate_id/postbacks',
    noun: 'Postback',
    tag: 'admin: affiliate postbacks',
    schema: AffiliatePostbackSchema,
    listSchema: AffiliatePostbackListSchema,
    repo: (c) => c.store.affiliatePostbacks,
    createBody: CreatePostback,
    patchBody: PatchPostback,
    defaults: { method: 'GET', offer_id: null, goals: [], statuses: [] },
    fieldsOf: ({ affiliate_id, url, method, offer_id, goals, statuses }) => ({
      affiliate_id,
      url,
      method,
      offer_id,
      goals,
      statuses,
    }),
    build: buildAffiliatePostback,
    present: presentAffiliatePostback,
    owner: {
      param: 'affiliate_id',
      field: 'affiliate_id',
      exists: (c, id) => c.catalog.affiliate(id) !== undefined,
      missing: 'Affiliate not found',
    },
  });
}
