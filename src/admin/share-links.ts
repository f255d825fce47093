/**
 * `/3.0/admin/share-links` (docs/api.md, "Share links"): read-only links to one statistics slice
 * with fixed filters, viewed without a key at `/share/<token>`. The filters are checked by running
 * the slice once, so a link that could only answer 400 is never handed out.
 *
 * Filters must hold the slice's `date_from` and `date_to` (the widest range the link shows); `page`
 * and `limit` there are defaults the viewer may change.
 */
import { randomBytes } from 'node:crypto';
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { HttpError, badRequest, notFound } from '../http/errors.js';
import { iso } from '../http/present.js';
import type { App } from '../http/types.js';
import { DeletedSchema, ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { ShareLinkCreatedSchema, ShareLinkSchema, type ShareLinkRecord } from '../schemas/share-link.js';
import { SHARE_SLICES, SHARE_SLICE_NAMES } from '../stats/share-slices.js';
import type { ShareLink, ShareSlice } from '../domain/entities.js';

const FilterValue = Type.Union([
  Type.String({ maxLength: 1000 }),
  Type.Number(),
  Type.Array(Type.Union([Type.String({ maxLength: 1000 }), Type.Number()]), { maxItems: 1000 }),
]);

const CreateShareLink = Type.Object(
  {
    slice: Type.Union(
      SHARE_SLICE_NAMES.map((name) => Type.Literal(name)),
      { description: 'The statistics slice shown' },
    ),
    filters: Type.Record(Type.String(), FilterValue, {
      description: 'The slice\'s query, e.g. {"date_from":"2026-11-01","date_to":"2026-11-30","offer[]":[1,2]}',
    }),
    expires_at: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: 'ISO-8601 time; null or absent: never' }),
    ),
  },
  { additionalProperties: false },
);

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const tags = ['admin: share links'];
const security = [{ apiKey: [] }];

/** 32 random bytes, url-safe: 43 characters nobody can guess. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Filter values as the slice reads a query: strings, or lists of strings. */
function normalizeFilters(
  filters: Record<string, string | number | (string | number)[]>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(filters))
    out[name] = Array.isArray(value) ? value.map(String) : String(value);
  return out;
}

function parseExpiry(value: string | null | undefined, now: number): number | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    throw badRequest(`expires_at: expected an ISO-8601 time such as 2026-12-31T23:59:59Z, got "${value}"`);
  if (ms <= now) throw badRequest('expires_at: must be in the future');
  return ms;
}

/** A share link with its view's path and ISO times (ShareLinkSchema shapes the rest). */
export function presentShareLink(link: ShareLink): ShareLinkRecord {
  return {
    ...link,
    url: `/share/${link.token}`,
    expires_at: iso(link.expires_at),
    revoked_at: iso(link.revoked_at),
    created_at: iso(link.created_at),
  };
}

/** Registers creating, reading and revoking share links. */
export async function shareLinkRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    '/3.0/admin/share-links',
    {
      schema: {
        tags,
        security,
        body: CreateShareLink,
        response: { 201: ref(ShareLinkCreatedSchema), ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const now = Date.now();
      const slice = request.body.slice as ShareSlice;
      const filters = normalizeFilters(request.body.filters);
      const expires_at = parseExpiry(request.body.expires_at, now);
      // Running the slice once checks every filter with the very code the viewer will run.
      try {
        await SHARE_SLICES[slice](ctx, { ...filters, page: '1', limit: '1' });
      } catch (error) {
        if (error instanceof HttpError && error.statusCode === 400) throw badRequest(`filters.${error.message}`);
        throw error;
      }
      const link: ShareLink = { token: newToken(), slice, filters, expires_at, revoked_at: null, created_at: now };
      await ctx.store.shareLinks.create(link);
      // ShareLinkCreatedSchema shows the token, url, slice and expiry of the full record.
      return reply.code(201).send(presentShareLink(link));
    },
  );

  app.get(
    '/3.0/admin/share-links/:token',
    {
      schema: {
        tags,
        security,
        params: TokenParams,
        response: { 200: ref(ShareLinkSchema), ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const link = await ctx.store.shareLinks.get(request.params.token);
      if (!link) throw notFound('Share link not found');
      return presentShareLink(link);
    },
  );

  app.delete(
    '/3.0/admin/share-links/:token',
    {
      schema: {
        tags,
        security,
        params: TokenParams,
        description: 'Revokes the link: /share/<token> answers 404 from now on.',
        response: { 200: ref(DeletedSchema), ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      if (!(await ctx.store.shareLinks.revoke(request.params.token, Date.now())))
        throw notFound('Share link not found');
      return { status: 1 as const };
    },
  );
}
