/**
 * Signing in and out (docs/people.md): the first admin, sign-in with lockout and second
 * factor, the current account, sign-out, "sign out everywhere", and accepting a one-time link.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { HttpError, notFound } from '../http/errors.js';
import { safeEqual, sha256 } from '../http/hash.js';
import type { App } from '../http/types.js';
import { errorResponses } from '../schemas/error.js';
import { recordChange } from './audit.js';
import { refuseWhenLocked, recordFailure } from './lockout.js';
import { checkPassword, hashPassword } from './passwords.js';
import { Done, Email, Name, Password, presentUser, SignedIn, UserSchema } from './schemas.js';
import { viewingAs } from './impersonation.js';
import { signedInAnswer, startSession } from './sign-in.js';
import { useTotpCode } from './totp.js';

const tags = ['people: sign-in'];
const WRONG = 'Wrong email or password';
const strict = { additionalProperties: false };

export async function authRoutes(app: App, ctx: AppContext): Promise<void> {
  const people = ctx.store.people;

  app.get(
    '/3.0/auth/setup',
    {
      schema: {
        tags,
        response: {
          200: Type.Object({ needed: Type.Boolean() }, { description: 'Whether the first account is still to create' }),
          ...errorResponses(),
        },
      },
    },
    async () => ({ needed: (await people.users.count()) === 0 }),
  );

  app.post(
    '/3.0/auth/setup',
    {
      schema: {
        tags,
        description: 'Creates the first admin account; asks for the admin key so only the operator can.',
        body: Type.Object({ admin_key: Type.String(), email: Email, name: Name, password: Password }, strict),
        response: { 201: UserSchema, ...errorResponses(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!safeEqual(sha256(body.admin_key), ctx.adminKeyHash)) throw new HttpError(401, 'Unauthorized');
      if ((await people.users.count()) > 0) throw new HttpError(409, 'Already set up');
      const user = await people.users.createFirst(
        {
          email: body.email.trim().toLowerCase(),
          name: body.name.trim(),
          role: 'admin',
          affiliate_id: null,
          password_hash: await hashPassword(body.password),
        },
        Date.now(),
      );
      if (!user) throw new HttpError(409, 'Already set up');
      const shown = presentUser(user);
      const actor = { type: 'admin_key' as const, id: null, email: null };
      await recordChange(
        ctx,
        request,
        { action: 'create', entity: 'users', entity_id: user.id, before: null, after: shown },
        actor,
      );
      return reply.code(201).send(shown);
    },
  );

  app.post(
    '/3.0/auth/login',
    {
      schema: {
        tags,
        description:
          'Signs in; the answer sets the session cookie. `totp` is needed when the account has a second factor.',
        body: Type.Object(
          {
            email: Type.String({ maxLength: 254 }),
            password: Type.String({ maxLength: 1024 }),
            totp: Type.Optional(Type.String({ maxLength: 16 })),
          },
          strict,
        ),
        response: { 200: SignedIn, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const now = Date.now();
      await refuseWhenLocked(people, email, request.ip, now);
      const user = await people.users.byEmail(email);
      const passwordOk = await checkPassword(user?.password_hash ?? null, request.body.password);
      if (!user || !passwordOk || user.disabled) {
        await recordFailure(people, email, request.ip, now);
        throw new HttpError(401, WRONG);
      }
      if (user.totp_secret !== null) {
        // The password was right: asking for the code is no failure; a wrong or used code is.
        if (!request.body.totp) throw new HttpError(401, 'Second factor required');
        if (!(await useTotpCode(people, user, user.totp_secret, request.body.totp.trim()))) {
          await recordFailure(people, email, request.ip, now);
          throw new HttpError(401, WRONG);
        }
      }
      await people.loginFailures.clearEmail(email);
      return startSession(ctx, request, reply, user);
    },
  );

  app.get(
    '/3.0/auth/me',
    { schema: { tags, response: { 200: SignedIn, ...errorResponses(401) } } },
    async (request, reply) => {
      if (!request.user) throw new HttpError(401, 'Unauthorized');
      return { ...signedInAnswer(reply, request.user), ...viewingAs(ctx, request) };
    },
  );

  app.post(
    '/3.0/auth/logout',
    { schema: { tags, response: { 200: Done, ...errorResponses(401, 403) } } },
    async (request) => {
      request.audited = true; // signing out changes no data
      await request.session.destroy();
      return { status: 1 as const };
    },
  );

  app.post(
    '/3.0/auth/logout-everywhere',
    {
      schema: {
        tags,
        description: 'Ends every session of the account, this one included.',
        response: { 200: Done, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const user = request.user;
      if (!user) throw new HttpError(401, 'Unauthorized');
      await people.sessions.deleteForUser(user.id);
      await request.session.destroy();
      return { status: 1 as const };
    },
  );

  app.post(
    '/3.0/auth/accept',
    {
      schema: {
        tags,
        description: 'Sets the password of an invited account, or a new one after a reset link, and signs in.',
        body: Type.Object({ token: Type.String({ maxLength: 200 }), password: Password }, strict),
        response: { 200: SignedIn, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const passwordHash = await hashPassword(request.body.password);
      const link = await people.tokens.consume(sha256(request.body.token), Date.now());
      const current = link ? await people.users.get(link.user_id) : null;
      if (!link || !current || current.disabled) throw notFound('Link not found, used or expired');
      const user = await people.users.update(current.id, { password_hash: passwordHash }, Date.now());
      if (!user) throw notFound('Link not found, used or expired');
      // A new password ends every session the account had.
      await people.sessions.deleteForUser(user.id);
      const actor = { type: 'user' as const, id: user.id, email: user.email };
      const action = link.kind === 'invite' ? 'accept invite' : 'reset password';
      await recordChange(
        ctx,
        request,
        { action, entity: 'users', entity_id: user.id, before: null, after: null },
        actor,
      );
      return startSession(ctx, request, reply, user);
    },
  );
}
