/**
 * `/3.0/admin/affiliates` (docs/api.md, "Affiliates"): name, status, signing_secret, and the
 * affiliate API key. Only the key's SHA-256 is stored: the key is shown once, in the create answer
 * and in the answer of `POST /3.0/admin/affiliates/:id/api-key`, which replaces it (the old key
 * stops working at once).
 *
 * An affiliate that still has postback URLs or tracking events cannot be deleted (409), so no
 * outbound configuration is left pointing at nobody; banning is the usual way to stop one.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { HttpError, notFound } from '../http/errors.js';
import { RecordId } from '../http/ids.js';
import { newApiKey, sha256 } from '../http/hash.js';
import { iso } from '../http/present.js';
import type { App } from '../http/types.js';
import {
  AffiliateApiKeySchema,
  AffiliateCreatedSchema,
  AffiliateListSchema,
  AffiliateSchema,
  type AffiliateRecord,
} from '../schemas/affiliate.js';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import type { Affiliate } from '../domain/entities.js';
import { registerCrud, type StoredFields } from './crud.js';
import { NullableText, requiredText, textOrNull } from './fields.js';

const CreateAffiliate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('banned')], { description: 'Default: active' }),
    ),
    signing_secret: Type.Optional(NullableText(255, 'Secret that signs POST postbacks (Standard Webhooks)')),
  },
  { additionalProperties: false },
);

const PatchAffiliate = Type.Partial(CreateAffiliate, { additionalProperties: false });

interface AffiliateFields {
  name: string;
  status: Affiliate['status'];
  signing_secret: string | null;
}

/**
 * An affiliate as the admin API shows it: never the key's hash. Fields are listed, not
 * spread, so the hash never reaches the serialiser.
 */
export function presentAffiliate(a: Affiliate): AffiliateRecord {
  return {
    id: a.id,
    name: a.name,
    status: a.status,
    signing_secret: a.signing_secret,
    created_at: iso(a.created_at),
    updated_at: iso(a.updated_at),
  };
}

/** Registers the affiliate collection routes and the key rotation. */
export async function affiliateRoutes(app: App, ctx: AppContext): Promise<void> {
  registerCrud<Affiliate, AffiliateFields>(app, ctx, {
    path: '/3.0/admin/affiliates',
    noun: 'Affiliate',
    tag: 'admin: affiliates',
    schema: AffiliateSchema,
    listSchema: AffiliateListSchema,
    createdSchema: AffiliateCreatedSchema,
    repo: (c) => c.store.affiliates,
    createBody: CreateAffiliate,
    patchBody: PatchAffiliate,
    defaults: { status: 'active', signing_secret: null },
    fieldsOf: ({ name, status, signing_secret }) => ({ name, status, signing_secret }),
    build: (f, _ctx, current): StoredFields<Affiliate> => ({
      name: requiredText('name', f.name),
      status: f.status,
      signing_secret: textOrNull(f.signing_secret),
      // Replaced by onCreate on create; a PATCH keeps the stored one.
      api_key_hash: current?.api_key_hash ?? '',
    }),
    onCreate() {
      const apiKey = newApiKey();
      return { stored: { api_key_hash: sha256(apiKey) }, shown: { api_key: apiKey } };
    },
    present: presentAffiliate,
    beforeDelete(affiliate, c) {
      const postbacks = c.catalog.affiliatePostbacks(affiliate.id).map((p) => p.id);
      const events = c.catalog.trackingEvents(affiliate.id).map((e) => e.id);
      if (postbacks.length > 0 || events.length > 0) {
        throw new HttpError(
          409,
          `Affiliate has postbacks (${postbacks.join(', ') || 'none'}) and tracking events ` +
            `(${events.join(', ') || 'none'}): delete them first, or ban the affiliate instead`,
        );
      }
    },
  });

  app.post(
    '/3.0/admin/affiliates/:id/api-key',
    {
      schema: {
        tags: ['admin: affiliates'],
        security: [{ apiKey: [] }],
        description: 'Replaces the affiliate API key; the answer shows the new key once, the old one stops working.',
        params: Type.Object({ id: RecordId }),
        response: { 200: ref(AffiliateApiKeySchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => replaceApiKey(ctx, request.params.id),
  );
}

/**
 * Gives the affiliate a new API key (stored as its SHA-256; the old one stops working at once)
 * and answers it, the only time it is shown. Used by the admin route and the affiliate's own.
 */
export async function replaceApiKey(ctx: AppContext, id: number): Promise<{ id: number; api_key: string }> {
  const current = await ctx.store.affiliates.get(id);
  if (!current) throw notFound('Affiliate not found');
  const apiKey = newApiKey();
  const { id: _id, created_at: _c, updated_at: _u, ...stored } = current;
  const updated = await ctx.store.affiliates.update(id, { ...stored, api_key_hash: sha256(apiKey) });
  if (!updated) throw notFound('Affiliate not found');
  return { id, api_key: apiKey };
}
