/**
 * `/3.0/admin/outbound/:id` (docs/api.md, "Outbound log rows"): one outbound log row with every
 * attempt, and `POST …/resend`, which makes it due again at once (a worker sends it within
 * moments).
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { isObjectId, objectIdKey } from '../domain/object-id.js';
import { notFound } from '../http/errors.js';
import type { App } from '../http/types.js';
import { presentOutboundDetail } from '../outbound/present.js';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { OutboundDetailSchema } from '../schemas/outbound.js';

const MISSING = 'Outbound postback not found';
const Params = Type.Object({ id: Type.String({ maxLength: 64, description: 'Outbound log row id' }) });
const Detail = ref(OutboundDetailSchema);

export async function outboundRoutes(app: App, ctx: AppContext): Promise<void> {
  const security = [{ apiKey: [] }];

  app.get(
    '/3.0/admin/outbound/:id',
    {
      schema: {
        tags: ['admin: outbound'],
        security,
        params: Params,
        response: { 200: Detail, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const job = isObjectId(id) ? await ctx.store.outbound.get(objectIdKey(id)) : null;
      if (!job) throw notFound(MISSING);
      return presentOutboundDetail(job, await ctx.store.outbound.attempts(job.id));
    },
  );

  app.post(
    '/3.0/admin/outbound/:id/resend',
    {
      schema: {
        tags: ['admin: outbound'],
        security,
        params: Params,
        description: 'Sends the postback again: due now, whatever its state; the attempt is logged like any other.',
        response: { 200: Detail, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const job = isObjectId(id) ? await ctx.store.outbound.resend(objectIdKey(id), Date.now()) : null;
      if (!job) throw notFound(MISSING);
      return presentOutboundDetail(job, await ctx.store.outbound.attempts(job.id));
    },
  );
}
