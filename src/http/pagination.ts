/**
 * `page` and `limit` in queries, and the list answer of the admin and stats APIs (its schema:
 * `listOf` in src/schemas/common.ts).
 */
import { Type } from '@fastify/type-provider-typebox';
import type { Page, PageRequest } from '../domain/entities.js';

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
};

export function pageRequest(query: { page?: number; limit?: number }): PageRequest {
  return { page: query.page ?? 1, limit: query.limit ?? 100 };
}

/** The `pagination` object of a list answer. */
export interface Pagination {
  per_page: number;
  total_count: number;
  page: number;
}

/** `{"status":1,"<key>":[…],"pagination":{…}}` */
export function listAnswer<K extends string, T, R>(
  key: K,
  page: PageRequest,
  result: Page<T>,
  present: (row: T) => R,
): { status: 1; pagination: Pagination } & { [P in K]: R[] } {
  return {
    status: 1 as const,
    [key]: result.rows.map(present),
    pagination: { per_page: page.limit, total_count: result.total, page: page.page },
  } as { status: 1; pagination: Pagination } & { [P in K]: R[] };
}
