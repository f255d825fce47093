/**
 * API keys: `API-Key` header on every admin and affiliate route. The admin key and affiliate
 * keys are different things: an admin key is refused on affiliate routes and the other way round.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Affiliate } from '../store/entities.js';
import { errorBody } from './errors.js';
import { safeEqual, sha256 } from './hash.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The affiliate whose key authenticated this request (affiliate API only). */
    affiliate?: Affiliate;
  }
}

function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers['api-key'];
  return typeof header === 'string' && header.length > 0 ? header : null;
}

function unauthorized(reply: FastifyReply) {
  return reply.code(401).send(errorBody('Unauthorized'));
}

/** preHandler for admin routes. */
export function requireAdmin(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = presentedKey(request);
    if (!key || !safeEqual(sha256(key), ctx.adminKeyHash)) return unauthorized(reply);
  };
}

/** preHandler for affiliate routes: sets request.affiliate. Banned affiliates are refused. */
export function requireAffiliate(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = presentedKey(request);
    // A map lookup by hash: the key itself is never compared character by character.
    const affiliate = key ? ctx.catalog.affiliateByKeyHash(sha256(key)) : undefined;
    if (affiliate?.status !== 'active') return unauthorized(reply);
    request.affiliate = affiliate;
  };
}
