/** `page` and `limit` in queries, and the list answer shape of the admin and stats APIs. */
import { Type } from '@fastify/type-provider-typebox';
import type { Page, PageRequest } from '../store/entities.js';

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
};

export function pageRequest(query: { page?: number; limit?: number }): PageRequest {
  return { page: query.page ?? 1, limit: query.limit ?? 100 };
}

/** `{"status":1,"<key>":[…],"pagination":{…}}` */
export function listAnswer<T, R>(key: string, page: PageRequest, result: Page<T>, present: (row: T) => R) {
  return {
    status: 1 as const,
    [key]: result.rows.map(present),
    pagination: { per_page: page.limit, total_count: result.total, page: page.page },
  };
}

/** TypeBox schema of a list answer, for the response schema and the OpenAPI document. */
export function ListAnswer(key: string, item: ReturnType<typeof Type.Object> | ReturnType<typeof Type.Any>) {
  return Type.Object({
    status: Type.Literal(1),
    [key]: Type.Array(item),
    pagination: Type.Object({ per_page: Type.Integer(), total_count: Type.Integer(), page: Type.Integer() }),
  });
}

/** `{"status":2,"error":"…","message":"…"}`: both texts are the same. */
export const ErrorBody = Type.Object({ status: Type.Literal(2), error: Type.String(), message: Type.String() });
