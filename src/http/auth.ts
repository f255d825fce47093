/**
 * API keys: `API-Key` header on every admin and affiliate route. The admin key and affiliate
 * keys are different things: an admin key is refused on affiliate routes and the other way round.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Affiliate } from '../store/entities.js';
import { errorBody } from './errors.js';
import { safeEqual, sha256 } from './hash.js';
import { limitedAddress } from './key-limiter.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The affiliate whose key authenticated this request (affiliate API only). */
    affiliate?: Affiliate;
  }
}

export function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers['api-key'];
  return typeof header === 'string' && header.length > 0 ? header : null;
}

function unauthorized(reply: FastifyReply) {
  return reply.code(401).send(errorBody('Unauthorized'));
}

function tooManyAttempts(reply: FastifyReply, seconds: number) {
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .send(errorBody(`Too many wrong API keys from this address: retry in ${seconds} s`));
}

/**
 * Checks the presented key with `isRight` (no I/O). A blocked address is refused before its
 * key is looked at; a wrong key is counted (http/key-limiter.ts); a missing key is not, since
 * it guesses nothing.
 */
async function checkKey<T>(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  isRight: (key: string) => T | undefined,
): Promise<T | undefined> {
  const address = limitedAddress(request.ip);
  const wait = ctx.keyLimiter.waitFor(address);
  if (wait > 0) {
    tooManyAttempts(reply, wait);
    return undefined;
  }
  const key = presentedKey(request);
  const found = key ? isRight(key) : undefined;
  if (found !== undefined) {
    ctx.keyLimiter.succeeded(address);
    return found;
  }
  const after = key ? await ctx.keyLimiter.failed(address) : 0;
  if (after > 0) tooManyAttempts(reply, after);
  else unauthorized(reply);
  return undefined;
}

/** onRequest hook of admin routes. */
export function requireAdmin(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const right = await checkKey(ctx, request, reply, (key) =>
      safeEqual(sha256(key), ctx.adminKeyHash) ? true : undefined,
    );
    // An async hook that answered must return the reply, or the route would run too.
    if (!right) return reply;
  };
}

/** onRequest hook of affiliate routes: sets request.affiliate. Banned affiliates are refused. */
export function requireAffiliate(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // A map lookup by hash: the key itself is never compared character by character.
    const affiliate = await checkKey(ctx, request, reply, (key) => {
      const found = ctx.catalog.affiliateByKeyHash(sha256(key));
      return found?.status === 'active' ? found : undefined;
    });
    if (!affiliate) return reply;
    request.affiliate = affiliate;
  };
}

/** Whose key this is: the admin key, an active affiliate's key, or nobody's (null). */
export type KeyHolder = { kind: 'admin' } | { kind: 'affiliate'; affiliate: Affiliate };

/** Identifies a presented key (the access check in people/access.ts decides what it may call). */
export function identifyKey(ctx: AppContext, key: string): KeyHolder | null {
  const hash = sha256(key);
  if (safeEqual(hash, ctx.adminKeyHash)) return { kind: 'admin' };
  // A map lookup by hash: the key itself is never compared character by character.
  const affiliate = ctx.catalog.affiliateByKeyHash(hash);
  return affiliate?.status === 'active' ? { kind: 'affiliate', affiliate } : null;
}
