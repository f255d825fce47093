/**
 * `/3.0/admin/settings` (admin only): settings of the console's security. Today one:
 * `totp_required_roles`, the roles whose accounts must use a second factor. A person of such
 * a role who has none yet can, after signing in, only set one up (docs/people.md).
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { errorResponses } from '../schemas/error.js';
import type { App } from '../http/types.js';
import { recordChange } from './audit.js';
import { RoleSchema } from './schemas.js';
import { setTotpRequiredRoles, totpRequiredRoles } from './sign-in.js';

const Settings = Type.Object({ totp_required_roles: Type.Array(RoleSchema) }, { description: 'Account settings' });
const errors = errorResponses(400, 401, 403);

export async function settingsRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['people: settings'];
  app.get('/3.0/admin/settings', { schema: { tags, response: { 200: Settings, ...errors } } }, async () => ({
    totp_required_roles: await totpRequiredRoles(ctx),
  }));

  app.patch(
    '/3.0/admin/settings',
    {
      schema: {
        tags,
        body: Type.Object(
          { totp_required_roles: Type.Optional(Type.Array(RoleSchema, { maxItems: 4 })) },
          { additionalProperties: false },
        ),
        response: { 200: Settings, ...errors },
      },
    },
    async (request) => {
      const before = { totp_required_roles: await totpRequiredRoles(ctx) };
      if (request.body.totp_required_roles) await setTotpRequiredRoles(ctx, request.body.totp_required_roles);
      const after = { totp_required_roles: await totpRequiredRoles(ctx) };
      await recordChange(ctx, request, { action: 'update', entity: 'settings', entity_id: null, before, after });
      return after;
    },
  );
}
