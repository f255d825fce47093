/**
 * API keys: the `API-Key` header, and whose key it is. The access check (people/access.ts)
 * decides from the access table which kinds of key a route takes and counts wrong keys.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Affiliate } from '../domain/entities.js';
import { safeEqual, sha256 } from './hash.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The affiliate the request acts as: its key, or an affiliate account (set by the access check). */
    affiliate?: Affiliate;
  }
}

export function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers['api-key'];
  return typeof header === 'string' && header.length > 0 ? header : null;
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
