/**
 * Enforces the access table (access-table.ts) on every route from one place. When a route is
 * registered, its rule is looked up once: public routes (the tracking hot path among them) get
 * no hook at all; every other route gets one onRequest check, and a route the table does not
 * name is refused to everyone (fail closed).
 *
 * A request with an `API-Key` header is judged by its key alone (401 when the key is unknown
 * or not one this route takes); otherwise by its session (401 without one, 403 when the role
 * may not call the route). State-changing calls made with a session must carry the session's
 * CSRF token in `X-CSRF-Token` (403 without it); key-based calls need none.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AppContext } from '../context.js';
import { identifyKey, presentedKey } from '../http/auth.js';
import { HttpError } from '../http/errors.js';
import { limitedAddress } from '../http/key-limiter.js';
import type { App } from '../http/types.js';
import type { AuditActor, User } from '../store/people.js';
import { type AccessRule, PUBLIC, type Rule, ruleFor } from './access-table.js';
import { auditChangeHook } from './audit.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set by the access check on every non-public route. */
    actor?: AuditActor;
    /** The signed-in account, when the call is made with a session. */
    user?: User;
  }
}

/** One registered route and its rule (undefined: missing from the table). */
export interface RouteSeen {
  method: string;
  url: string;
  rule: Rule | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const seenByApp = new WeakMap<object, RouteSeen[]>();

/** Every route registered on `app` so far, with its rule (for the test that the table is complete). */
export function routesSeen(app: object): readonly RouteSeen[] {
  return seenByApp.get(app) ?? [];
}

const unauthorized = () => new HttpError(401, 'Unauthorized');
const forbidden = (message = 'Forbidden') => new HttpError(403, message);

/** Installs the check; call before any route is registered. */
export function installAccessControl(app: App, ctx: AppContext): void {
  const seen: RouteSeen[] = [];
  seenByApp.set(app, seen);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const rules = new Map<string, Rule | undefined>();
    for (const method of methods) {
      const rule = ruleFor(method, route.url);
      rules.set(method, rule);
      seen.push({ method, url: route.url, rule });
    }
    if ([...rules.values()].every((rule) => rule === PUBLIC)) return;
    if ([...rules.values()].includes(undefined)) {
      ctx.logger.error({ url: route.url, methods }, 'route missing from the access table: refused to everyone');
    }
    route.onRequest = [...asArray(route.onRequest), accessCheck(ctx, rules)];
    if (methods.some((method) => !SAFE_METHODS.has(method))) {
      route.onSend = [...asArray(route.onSend), auditChangeHook(ctx)];
    }
  });
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function accessCheck(ctx: AppContext, rules: Map<string, Rule | undefined>) {
  return async function check(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    const rule = rules.get(request.method);
    if (rule === PUBLIC) return;
    if (rule === undefined) throw forbidden();
    const key = presentedKey(request);
    if (key !== null) return checkKey(ctx, rule, key, request, reply);
    await checkSession(ctx, rule, request);
    if (!SAFE_METHODS.has(request.method)) await checkCsrf(this, request);
  };
}

/** Wrong keys are counted per address (http/key-limiter.ts): too many answer 429 for a while. */
async function checkKey(
  ctx: AppContext,
  rule: AccessRule,
  key: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const address = limitedAddress(request.ip);
  const tooMany = (seconds: number) => {
    reply.header('retry-after', String(seconds));
    return new HttpError(429, `Too many wrong API keys from this address: retry in ${seconds} s`);
  };
  const wait = ctx.keyLimiter.waitFor(address);
  if (wait > 0) throw tooMany(wait);
  const holder = identifyKey(ctx, key);
  if (!holder) {
    const after = await ctx.keyLimiter.failed(address);
    throw after > 0 ? tooMany(after) : unauthorized();
  }
  ctx.keyLimiter.succeeded(address);
  if (!rule.keys.includes(holder.kind)) throw unauthorized();
  if (holder.kind === 'affiliate') {
    request.affiliate = holder.affiliate;
    request.actor = { type: 'affiliate_key', id: holder.affiliate.id, email: null };
  } else {
    request.actor = { type: 'admin_key', id: null, email: null };
  }
}

async function checkSession(ctx: AppContext, rule: AccessRule, request: FastifyRequest): Promise<void> {
  // Routes outside the sessions' scope (app.ts) have no session object: keys only there.
  const session = typeof request.session?.get === 'function' ? request.session : null;
  const userId = session?.get('user_id');
  if (!session || userId === undefined) throw unauthorized();
  const user = await ctx.store.people.users.get(userId);
  if (!user || user.disabled) {
    await session.destroy();
    throw unauthorized();
  }
  const asAffiliate = session.get('as_affiliate');
  // The account's own routes (those no key reaches) stay the account's, checked as usual.
  const ownAccount = rule.keys.length === 0;
  if (asAffiliate !== undefined && !ownAccount && (user.role === 'admin' || user.role === 'manager')) {
    return viewAsAffiliate(ctx, rule, request, user, asAffiliate);
  }
  if (!rule.roles.includes(user.role)) throw forbidden();
  if (session.get('totp_setup') && !rule.duringTotpSetup) {
    throw forbidden('Second factor required: set it up first (POST /3.0/auth/totp)');
  }
  if (user.role === 'affiliate') {
    // Exactly what the affiliate's own key would reach, and not once the affiliate is banned.
    const affiliate = user.affiliate_id === null ? undefined : ctx.catalog.affiliate(user.affiliate_id);
    if (affiliate?.status !== 'active') throw forbidden();
    request.affiliate = affiliate;
  }
  request.user = user;
  request.actor = { type: 'user', id: user.id, email: user.email };
}

/**
 * A staff session signed in "as the affiliate" (impersonation.ts): the affiliate routes answer
 * as that affiliate, read-only; every staff route is refused until the session goes back (the
 * account's own routes, such as who am I, sign out and going back, never come here). The actor stays the
 * person, so the audit log names who looked.
 */
function viewAsAffiliate(
  ctx: AppContext,
  rule: AccessRule,
  request: FastifyRequest,
  user: User,
  affiliateId: number,
): void {
  request.user = user;
  request.actor = { type: 'user', id: user.id, email: user.email };
  if (!rule.roles.includes('affiliate')) {
    throw forbidden('Forbidden: you are viewing the portal as an affiliate (go back to staff first)');
  }
  if (!SAFE_METHODS.has(request.method)) {
    throw forbidden('Read-only: you are viewing the portal as an affiliate');
  }
  const affiliate = ctx.catalog.affiliate(affiliateId);
  if (!affiliate) throw forbidden();
  request.affiliate = affiliate;
}

/** Runs @fastify/csrf-protection's check and answers its refusal in the API's own words. */
async function checkCsrf(scope: FastifyInstance, request: FastifyRequest): Promise<void> {
  if (typeof scope.csrfProtection !== 'function') throw forbidden('Missing or wrong CSRF token');
  const refused = await new Promise<boolean>((resolve) => {
    const capture = { send: () => resolve(true) } as unknown as FastifyReply;
    scope.csrfProtection(request, capture, () => resolve(false));
  });
  if (refused) throw forbidden('Missing or wrong CSRF token (send it in the X-CSRF-Token header)');
}
