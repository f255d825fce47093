/**
 * `POST /3.0/partner/api-key`: the caller makes itself a new affiliate API key. The answer shows
 * it once (only its SHA-256 is stored) and the old key stops working at once. The audit log
 * records the change with the key hidden.
 */
import { Type } from '@fastify/type-provider-typebox';
import { replaceApiKey } from '../admin/affiliates.js';
import type { AppContext } from '../context.js';
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
    async (request) => replaceApiKey(ctx, caller(request).id),
  );
}
