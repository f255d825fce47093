/**
 * `POST /3.0/partner/api-key`: the caller makes itself a new affiliate API key. The answer shows
 * it once (only its SHA-256 is stored) and the old key stops working at once. The audit log
 * records the change with the key hidden.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { newApiKey, sha256 } from '../http/hash.js';
import type { App } from '../http/types.js';
import { AffiliateApiKeySchema } from '../schemas/affiliate.js';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { AFFILIATE_SECURITY, caller } from './caller.js';

export async function partnerApiKeyRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    '/3.0/partner/api-key',
    {
      schema: {
        tags: ['affiliate API'],
        security: AFFILIATE_SECURITY,
        description: 'Replaces your API key; the answer shows the new key once, the old one stops working. Body: {}.',
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: ref(AffiliateApiKeySchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const id = caller(request).id;
      const current = await ctx.store.affiliates.get(id);
      if (!current) throw notFound('Affiliate not found');
      const apiKey = newApiKey();
      const { id: _id, created_at: _c, updated_at: _u, ...stored } = current;
      const updated = await ctx.store.affiliates.update(id, { ...stored, api_key_hash: sha256(apiKey) });
      if (!updated) throw notFound('Affiliate not found');
      return { id, api_key: apiKey };
    },
  );
}
