/**
 * `/3.0/admin/users` (admin only): accounts, their invitations and password-reset links, and
 * ending an account's sessions. Every change is in the audit log with the account before and
 * after. The last active admin cannot be disabled, demoted or deleted (409).
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { badRequest, HttpError, notFound } from '../http/errors.js';
import { PageQuery, listAnswer, pageRequest } from '../http/pagination.js';
import { errorResponses } from '../schemas/error.js';
import type { App } from '../http/types.js';
import type { PersonRole, User } from '../store/people.js';
import { recordChange } from './audit.js';
import { baseUrl, issueLink } from './links.js';
import { Done, Email, Name, presentUser, RoleSchema, UserSchema, peopleList } from './schemas.js';

const tags = ['people: accounts'];
const Params = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const errors = errorResponses(400, 401, 403, 404, 409);
const AffiliateId = Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
  description: 'The affiliate an account of role affiliate acts as; only for that role',
});

/** 400 unless the role and affiliate id fit together (and the affiliate exists). */
function checkBinding(ctx: AppContext, role: PersonRole, affiliateId: number | null): void {
  if (role !== 'affiliate' && affiliateId !== null) throw badRequest('affiliate_id: only for role affiliate');
  if (role === 'affiliate') {
    if (affiliateId === null) throw badRequest('affiliate_id: is required for role affiliate');
    if (!ctx.catalog.affiliate(affiliateId)) throw badRequest('affiliate_id: no such affiliate');
  }
}

export async function userRoutes(app: App, ctx: AppContext): Promise<void> {
  const people = ctx.store.people;

  async function load(request: FastifyRequest): Promise<User> {
    const user = await people.users.get((request.params as { id: number }).id);
    if (!user) throw notFound('User not found');
    return user;
  }

  /** 409 when `user` is the last active admin and the change would leave none. */
  async function keepAnAdmin(user: User, leaves: boolean): Promise<void> {
    if (leaves && user.role === 'admin' && !user.disabled && (await people.users.activeAdmins()) <= 1) {
      throw new HttpError(409, 'The last admin cannot be removed, disabled or given another role');
    }
  }

  app.get(
    '/3.0/admin/users',
    {
      schema: {
        tags,
        querystring: Type.Object(PageQuery),
        response: { 200: peopleList('users', UserSchema, 'A page of accounts'), ...errors },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      return listAnswer('users', page, await people.users.list(page), presentUser);
    },
  );

  app.post(
    '/3.0/admin/users',
    {
      schema: {
        tags,
        description: 'Invites a person: the answer carries a one-time link (72 hours) to pass on.',
        body: Type.Object(
          { email: Email, name: Name, role: RoleSchema, affiliate_id: Type.Optional(AffiliateId) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object(
            { ...UserSchema.properties, invite_url: Type.String() },
            { description: 'The invited account' },
          ),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      checkBinding(ctx, body.role, body.affiliate_id ?? null);
      const user = await people.users.create(
        {
          email: body.email.trim().toLowerCase(),
          name: body.name.trim(),
          role: body.role,
          affiliate_id: body.affiliate_id ?? null,
          password_hash: null,
        },
        Date.now(),
      );
      if (!user) throw new HttpError(409, 'email: an account with this email exists');
      const inviteUrl = await issueLink(people, user.id, 'invite', baseUrl(ctx.config, request));
      const shown = presentUser(user);
      await recordChange(ctx, request, {
        action: 'create',
        entity: 'users',
        entity_id: user.id,
        before: null,
        after: shown,
      });
      return reply.code(201).send({ ...shown, invite_url: inviteUrl });
    },
  );

  app.get(
    '/3.0/admin/users/:id',
    { schema: { tags, params: Params, response: { 200: UserSchema, ...errors } } },
    async (request) => presentUser(await load(request)),
  );

  app.patch(
    '/3.0/admin/users/:id',
    {
      schema: {
        tags,
        description: 'Changes the role, name, affiliate or disabled flag; disabling ends every session of the account.',
        params: Params,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            role: Type.Optional(RoleSchema),
            affiliate_id: Type.Optional(AffiliateId),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request) => {
      const current = await load(request);
      const body = request.body;
      const role = body.role ?? current.role;
      const affiliateId =
        body.affiliate_id !== undefined ? body.affiliate_id : role === 'affiliate' ? current.affiliate_id : null;
      checkBinding(ctx, role, affiliateId);
      await keepAnAdmin(current, role !== 'admin' || body.disabled === true);
      const change = { name: body.name?.trim(), role, affiliate_id: affiliateId, disabled: body.disabled };
      const updated = await people.users.update(current.id, change, Date.now());
      if (!updated) throw notFound('User not found');
      if (updated.disabled) await people.sessions.deleteForUser(updated.id);
      const after = presentUser(updated);
      await recordChange(ctx, request, {
        action: 'update',
        entity: 'users',
        entity_id: updated.id,
        before: presentUser(current),
        after,
      });
      return after;
    },
  );

  app.delete(
    '/3.0/admin/users/:id',
    { schema: { tags, params: Params, response: { 200: Done, ...errors } } },
    async (request) => {
      const current = await load(request);
      await keepAnAdmin(current, true);
      if (!(await people.users.delete(current.id))) throw notFound('User not found');
      await people.sessions.deleteForUser(current.id);
      await recordChange(ctx, request, {
        action: 'delete',
        entity: 'users',
        entity_id: current.id,
        before: presentUser(current),
        after: null,
      });
      return { status: 1 as const };
    },
  );

  app.post(
    '/3.0/admin/users/:id/reset',
    {
      schema: {
        tags,
        description: 'A new one-time link (72 hours) where the person sets a new password; earlier links stop working.',
        params: Params,
        response: { 200: Type.Object({ reset_url: Type.String() }, { description: 'The one-time link' }), ...errors },
      },
    },
    async (request) => {
      const user = await load(request);
      const resetUrl = await issueLink(people, user.id, 'reset', baseUrl(ctx.config, request));
      await recordChange(ctx, request, {
        action: 'reset link',
        entity: 'users',
        entity_id: user.id,
        before: null,
        after: null,
      });
      return { reset_url: resetUrl };
    },
  );

  app.post(
    '/3.0/admin/users/:id/logout',
    {
      schema: {
        tags,
        description: 'Ends every session of the account.',
        params: Params,
        response: { 200: Done, ...errors },
      },
    },
    async (request) => {
      const user = await load(request);
      await people.sessions.deleteForUser(user.id);
      await recordChange(ctx, request, {
        action: 'logout',
        entity: 'users',
        entity_id: user.id,
        before: null,
        after: null,
      });
      return { status: 1 as const };
    },
  );
}
