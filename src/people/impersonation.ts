/**
 * Staff's "sign in as the affiliate" (docs/people.md): an admin or manager session starts
 * viewing the affiliate portal as one affiliate, read-only, and goes back when done. It is a
 * mark on the session, not a new one: the access check (access.ts) answers the affiliate routes
 * as that affiliate and refuses every write (403) and every staff route while it lasts. Both
 * the start and the end are written to the audit log, with the person as the actor.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { HttpError, notFound } from '../http/errors.js';
import { RecordId } from '../http/ids.js';
import type { App } from '../http/types.js';
import { errorResponses } from '../schemas/error.js';
import { recordChange } from './audit.js';
import { AsAffiliate, Done } from './schemas.js';

/** `as_affiliate` for the `/3.0/auth/me` answer: present only while the session views as one. */
export function viewingAs(
  ctx: AppContext,
  request: FastifyRequest,
): { as_affiliate?: { affiliate_id: number; affiliate_name: string } } {
  const id = request.session?.get('as_affiliate');
  if (id === undefined) return {};
  const affiliate = ctx.catalog.affiliate(id);
  return { as_affiliate: { affiliate_id: id, affiliate_name: affiliate?.name ?? `Affiliate ${id}` } };
}

export async function impersonationRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    '/3.0/admin/affiliates/:id/impersonate',
    {
      schema: {
        tags: ['people: sign-in'],
        description:
          'Views the affiliate portal as this affiliate, read-only, in the current staff session (sessions only).',
        params: Type.Object({ id: RecordId }),
        response: {
          200: Type.Object(
            { status: Type.Literal(1), as_affiliate: AsAffiliate },
            { description: 'The session now views the portal as this affiliate' },
          ),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const affiliate = ctx.catalog.affiliate(request.params.id);
      if (!affiliate) throw notFound('Affiliate not found');
      request.session.set('as_affiliate', affiliate.id);
      const as_affiliate = { affiliate_id: affiliate.id, affiliate_name: affiliate.name };
      await recordChange(ctx, request, {
        action: 'sign in as affiliate',
        entity: 'affiliates',
        entity_id: affiliate.id,
        before: null,
        after: as_affiliate,
      });
      return { status: 1 as const, as_affiliate };
    },
  );

  app.post(
    '/3.0/auth/impersonation/end',
    {
      schema: {
        tags: ['people: sign-in'],
        description: 'Ends viewing the portal as an affiliate; the session is the staff account again.',
        response: { 200: Done, ...errorResponses(401, 403, 409) },
      },
    },
    async (request) => {
      const id = request.session.get('as_affiliate');
      if (id === undefined) throw new HttpError(409, 'Not viewing as an affiliate');
      request.session.set('as_affiliate', undefined);
      await recordChange(ctx, request, {
        action: 'back from affiliate',
        entity: 'affiliates',
        entity_id: id,
        before: { affiliate_id: id },
        after: null,
      });
      return { status: 1 as const };
    },
  );
}
