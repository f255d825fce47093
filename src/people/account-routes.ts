/**
 * A signed-in person's own account: changing the password (every other session ends) and the
 * TOTP second factor (start, confirm with a code, or turn off with a code).
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { badRequest, HttpError } from '../http/errors.js';
import type { App } from '../http/types.js';
import { errorResponses } from '../schemas/error.js';
import type { User } from '../store/people.js';
import { checkPassword, hashPassword } from './passwords.js';
import { Done, Password } from './schemas.js';
import { sessionKey } from './sessions.js';
import { totpRequiredRoles } from './sign-in.js';
import { codeStep, newTotpSecret, totpUrl, useTotpCode } from './totp.js';

const tags = ['people: account'];
const errors = errorResponses(400, 401, 403, 409);
const Code = Type.Optional(Type.String({ maxLength: 16, description: 'A 6-digit code from the authenticator app' }));

function signedIn(request: FastifyRequest): User {
  if (!request.user) throw new HttpError(401, 'Unauthorized');
  return request.user;
}

export async function accountRoutes(app: App, ctx: AppContext): Promise<void> {
  const people = ctx.store.people;

  app.post(
    '/3.0/auth/password',
    {
      schema: {
        tags,
        description: 'Changes the password; every other session of the account ends at once.',
        body: Type.Object(
          { current_password: Type.String({ maxLength: 1024 }), new_password: Password },
          { additionalProperties: false },
        ),
        response: { 200: Done, ...errors },
      },
    },
    async (request) => {
      const user = signedIn(request);
      if (!(await checkPassword(user.password_hash, request.body.current_password))) {
        throw badRequest('current_password: wrong password');
      }
      await people.users.update(user.id, { password_hash: await hashPassword(request.body.new_password) }, Date.now());
      await people.sessions.deleteForUser(user.id, sessionKey(request.session.sessionId));
      return { status: 1 as const };
    },
  );

  app.post(
    '/3.0/auth/totp',
    {
      schema: {
        tags,
        description:
          'Without `code`: starts setting up a second factor and answers the secret and its otpauth:// URL. ' +
          'With `code`: confirms it and turns it on.',
        // No body at all starts the set-up, as `{}` does.
        body: Type.Union([Type.Object({ code: Code }, { additionalProperties: false }), Type.Null()]),
        response: {
          200: Type.Union(
            [
              Type.Object({ secret: Type.String(), otpauth_url: Type.String() }, { description: 'Secret to confirm' }),
              Type.Object(
                { status: Type.Literal(1), totp_enabled: Type.Boolean() },
                { description: 'Second factor on' },
              ),
            ],
            { description: 'The secret to confirm, or the second factor turned on' },
          ),
          ...errors,
        },
      },
    },
    async (request) => {
      const user = signedIn(request);
      const code = request.body?.code?.trim();
      if (!code) {
        if (user.totp_secret !== null) throw new HttpError(409, 'The second factor is on already: turn it off first');
        const secret = newTotpSecret();
        await people.users.update(user.id, { totp_pending: secret }, Date.now());
        return { secret, otpauth_url: totpUrl(user.email, secret) };
      }
      if (user.totp_pending === null) throw badRequest('code: start the set-up first (POST without a code)');
      const step = await codeStep(user.totp_pending, code, user.totp_last_step);
      if (step === null || !(await people.users.useTotpStep(user.id, step)))
        throw badRequest('code: wrong or used code');
      await people.users.update(user.id, { totp_secret: user.totp_pending, totp_pending: null }, Date.now());
      request.session.set('totp_setup', false);
      return { status: 1 as const, totp_enabled: true };
    },
  );

  app.delete(
    '/3.0/auth/totp',
    {
      schema: {
        tags,
        description: 'Turns the second factor off; needs a current code. Refused when the role requires one.',
        body: Type.Object({ code: Type.String({ maxLength: 16 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object(
            { status: Type.Literal(1), totp_enabled: Type.Boolean() },
            { description: 'Second factor on' },
          ),
          ...errors,
        },
      },
    },
    async (request) => {
      const user = signedIn(request);
      if (user.totp_secret === null) throw new HttpError(409, 'The second factor is off already');
      if ((await totpRequiredRoles(ctx)).includes(user.role)) {
        throw new HttpError(409, `Your role (${user.role}) requires a second factor`);
      }
      if (!(await useTotpCode(people, user, user.totp_secret, request.body.code.trim()))) {
        throw badRequest('code: wrong or used code');
      }
      await people.users.update(user.id, { totp_secret: null, totp_pending: null }, Date.now());
      return { status: 1 as const, totp_enabled: false };
    },
  );
}
