/**
 * `GET /3.0/admin/audit` (admin only): the audit log, newest first, filtered by days (UTC),
 * actor, entity and entity id. `actor` is `admin_key`, `user:<id>`, `affiliate_key:<id>`, or
 * an account's email.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { badRequest } from '../http/errors.js';
import { PageQuery, listAnswer, pageRequest } from '../http/pagination.js';
import type { App } from '../http/types.js';
import { errorResponses } from '../schemas/error.js';
import type { AuditEntry, AuditFilter } from '../store/people.js';
import { peopleList } from './schemas.js';

const DAY_MS = 86_400_000;
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC), inclusive' });
const Json = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);

export const AuditRow = Type.Object({
  id: Type.String(),
  date: Type.String(),
  actor: Type.Object({
    type: Type.Union([Type.Literal('user'), Type.Literal('admin_key'), Type.Literal('affiliate_key')]),
    id: Type.Union([Type.Integer(), Type.Null()]),
    email: Type.Optional(Type.String()),
  }),
  action: Type.String(),
  entity: Type.String(),
  entity_id: Type.Union([Type.String(), Type.Null()]),
  before: Json,
  after: Json,
});

function day(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms)) throw badRequest(`${name}: not a date (YYYY-MM-DD)`);
  return ms;
}

/** `actor` as the store filters it. */
function actorFilter(text: string | undefined): Partial<AuditFilter> {
  if (text === undefined) return {};
  if (text === 'admin_key') return { actor_type: 'admin_key' };
  const match = /^(user|affiliate_key):(\d+)$/.exec(text);
  if (match) return { actor_type: match[1] as 'user' | 'affiliate_key', actor_id: Number(match[2]) };
  if (text.includes('@')) return { actor_email: text.trim().toLowerCase() };
  throw badRequest('actor: admin_key, user:<id>, affiliate_key:<id> or an email');
}

function present(entry: AuditEntry) {
  return {
    id: entry.id,
    date: new Date(entry.at).toISOString(),
    actor: {
      type: entry.actor.type,
      id: entry.actor.id,
      ...(entry.actor.email === null ? {} : { email: entry.actor.email }),
    },
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entity_id,
    before: (entry.before ?? null) as Record<string, unknown> | null,
    after: (entry.after ?? null) as Record<string, unknown> | null,
  };
}

export async function auditRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/3.0/admin/audit',
    {
      schema: {
        tags: ['people: audit'],
        querystring: Type.Object(
          {
            ...PageQuery,
            date_from: Type.Optional(Day),
            date_to: Type.Optional(Day),
            actor: Type.Optional(Type.String({ maxLength: 254 })),
            entity: Type.Optional(Type.String({ maxLength: 64, description: 'e.g. offers, affiliates, users' })),
            entity_id: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: peopleList('audit', AuditRow, 'A page of the audit log'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      const to = day('date_to', query.date_to);
      const filter: AuditFilter = {
        from: day('date_from', query.date_from),
        to: to === undefined ? undefined : to + DAY_MS,
        ...actorFilter(query.actor),
        entity: query.entity,
        entity_id: query.entity_id,
      };
      for (const key of Object.keys(filter) as (keyof AuditFilter)[]) if (filter[key] === undefined) delete filter[key];
      const page = pageRequest(query);
      return listAnswer('audit', page, await ctx.store.people.audit.list(filter, page), present);
    },
  );
}
