/** Helpers shared by the affiliate API's routes. */
import type { FastifyRequest } from 'fastify';
import type { Affiliate } from '../domain/entities.js';
import { badRequest } from '../http/errors.js';
import type { RawQuery } from '../http/query.js';

/** The affiliate the request acts as (set by the access check, people/access.ts). */
export function caller(request: FastifyRequest): Affiliate {
  const affiliate = request.affiliate;
  // The access check runs first on every affiliate route; reaching here without it is a bug.
  if (!affiliate) throw new Error('affiliate route without an affiliate caller');
  return affiliate;
}

/**
 * 400 for filters the affiliate API does not take (its own id is implied, the advertiser is
 * not an affiliate's business), named as unknown like any other stray parameter.
 */
export function refuseFilters(query: RawQuery, names: readonly string[]): void {
  for (const name of names) {
    if (query[name] !== undefined || query[`${name}[]`] !== undefined) {
      throw badRequest(`${name}: unknown parameter (the affiliate API shows your own data only)`);
    }
  }
}

/** Security requirement of every affiliate route, for the OpenAPI document. */
export const AFFILIATE_SECURITY = [{ apiKey: [] }];
