/**
 * Starting a session for an account (after a sign-in or an accepted link) and the answer that
 * goes with it: the account and the session's CSRF token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { PersonRole, User } from '../store/people.js';
import { presentUser } from './schemas.js';

const TOTP_ROLES_SETTING = 'totp_required_roles';

/** The roles whose accounts must use a second factor (an admin's setting). */
export async function totpRequiredRoles(ctx: AppContext): Promise<PersonRole[]> {
  const stored = await ctx.store.settings.get(TOTP_ROLES_SETTING);
  return stored ? (JSON.parse(stored) as PersonRole[]) : [];
}

export async function setTotpRequiredRoles(ctx: AppContext, roles: PersonRole[]): Promise<void> {
  await ctx.store.settings.set(TOTP_ROLES_SETTING, JSON.stringify([...new Set(roles)].sort()));
}

/** A new session (a new id: never one chosen before signing in) for `user`. */
export async function startSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, user: User) {
  await request.session.regenerate();
  request.session.set('user_id', user.id);
  const mustSetUp = user.totp_secret === null && (await totpRequiredRoles(ctx)).includes(user.role);
  if (mustSetUp) request.session.set('totp_setup', true);
  return signedInAnswer(reply, user);
}

export function signedInAnswer(reply: FastifyReply, user: User) {
  return { user: presentUser(user), csrf_token: reply.generateCsrf() };
}
