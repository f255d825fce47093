/**
 * `/3.0/admin/conversions/:id` (docs/api.md, "Conversions"): read one conversion, or set its status
 * and/or comment. Admins may set any status, from any status; the change is a conversion
 * event, so outbound postbacks react to it, written in the same transaction.
 *
 * Setting the status a conversion already has is no change and fires nothing; a PATCH that
 * changes nothing answers the conversion as it is.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { badRequest, notFound } from '../http/errors.js';
import { presentConversion } from '../http/present.js';
import type { App } from '../http/types.js';
import { recordChange } from '../people/audit.js';
import { ref } from '../schemas/common.js';
import { ConversionSchema } from '../schemas/conversion.js';
import { errorResponses } from '../schemas/error.js';
import type { SetConversionStatus } from '../domain/commands.js';
import { checkStatus } from './fields.js';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'Conversion id' }) });

const PatchConversion = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.String(), Type.Integer()], {
        description:
          'Code or name: approved (1, alias confirmed), pending (2), declined (3, aliases rejected, cancelled, canceled), hold (5, alias on-hold)',
      }),
    ),
    comment: Type.Optional(
      Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], { description: 'null or "" clears it' }),
    ),
  },
  { additionalProperties: false },
);

const tags = ['admin: conversions'];
const security = [{ apiKey: [] }];
const Conversion = ref(ConversionSchema);

/** Registers GET and PATCH of one conversion. */
export async function conversionRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/3.0/admin/conversions/:id',
    {
      schema: { tags, security, params: Params, response: { 200: Conversion, ...errorResponses(401, 404) } },
    },
    async (request) => {
      const conversion = await ctx.store.conversions.get(request.params.id);
      if (!conversion) throw notFound('Conversion not found');
      return presentConversion(conversion);
    },
  );

  app.patch(
    '/3.0/admin/conversions/:id',
    {
      schema: {
        tags,
        security,
        params: Params,
        body: PatchConversion,
        response: { 200: Conversion, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const body = request.body;
      if (body.status === undefined && body.comment === undefined)
        throw badRequest('status or comment: one of them is required');
      const status = body.status === undefined ? undefined : checkStatus('status', body.status);
      const current = await ctx.store.conversions.get(request.params.id);
      if (!current) throw notFound('Conversion not found');

      const command: SetConversionStatus = { id: current.id, integration: 'admin' };
      if (status !== undefined && status !== current.status) command.status = status;
      // The store keeps comments as text; "" is how a comment is cleared.
      if (body.comment !== undefined) command.comment = body.comment?.trim() ?? '';
      if (command.status === undefined && command.comment === undefined) return presentConversion(current);

      // One transaction: the change and the outbound jobs it causes (the store's fan-out rules).
      const { conversion: updated } = await ctx.store.conversions.setStatus(command);
      if (!updated) throw notFound('Conversion not found');
      const [before, after] = [presentConversion(current), presentConversion(updated)];
      await recordChange(ctx, request, {
        action: 'update',
        entity: 'conversions',
        entity_id: current.id,
        before,
        after,
      });
      return after;
    },
  );
}
