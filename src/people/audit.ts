/**
 * The audit log's writing side: who changed what, when, before and after (docs/people.md).
 * Changes are recorded centrally: the admin API's generic create/update/delete (admin/crud.ts)
 * record the record before and after; every other state-changing route that succeeded is
 * recorded by one onSend hook (installed by access.ts) with its answer as `after`. Secrets
 * never reach the log: values of secret fields, and share-link tokens inside URLs, become "***".
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { newObjectId } from '../domain/object-id.js';
import type { AuditActor } from '../store/people.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once a handler recorded its change itself, so the generic hook does not again. */
    audited?: boolean;
  }
}

/** Fields whose values are secrets, wherever they appear in a record. */
const SECRET_FIELDS = new Set([
  'secure_token',
  'signing_secret',
  'api_key',
  'api_key_hash',
  'admin_key',
  'password',
  'password_hash',
  'current_password',
  'new_password',
  'totp',
  'totp_secret',
  'totp_pending',
  'secret',
  'otpauth_url',
  'code',
  'token',
  'csrf_token',
  'invite_url',
  'reset_url',
]);
const SHARE_TOKEN = /(\/share\/)[^/?#\s"]+/g;

/** A copy of `value` with every secret replaced by "***" (null stays null: "not set"). */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'string') return value.replace(SHARE_TOKEN, '$1***');
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    copy[name] = SECRET_FIELDS.has(name) ? (field === null || field === undefined ? field : '***') : redact(field);
  }
  return copy;
}

export interface Change {
  action: string;
  entity: string;
  entity_id: string | number | null;
  before: unknown;
  after: unknown;
}

/** Records a change made by `actor` (the caller of `request` when not given). */
export async function recordChange(
  ctx: AppContext,
  request: FastifyRequest,
  change: Change,
  actor: AuditActor | undefined = request.actor,
): Promise<void> {
  request.audited = true;
  if (!actor) return;
  const at = Date.now();
  await ctx.store.people.audit.append({
    id: newObjectId(at),
    at,
    actor,
    action: change.action,
    entity: change.entity,
    entity_id: change.entity_id === null ? null : String(change.entity_id),
    before: change.before === null ? null : redact(change.before),
    after: change.after === null ? null : redact(change.after),
  });
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/**
 * What a route changes, from its URL pattern: `/3.0/admin/outbound/:id/resend` is entity
 * `outbound`, action `resend`; `/3.0/partner/tracking-events` with POST is `tracking_events`,
 * `create`. The account routes (`/3.0/auth/…`) change the caller's own account.
 */
export function describeRoute(method: string, url: string): { entity: string; action: string } {
  const words = url
    .split('/')
    .slice(3)
    .filter((word) => word && !word.startsWith(':'));
  const verb = VERBS[method] ?? method.toLowerCase();
  if (url.startsWith('/3.0/auth/'))
    return { entity: 'users', action: method === 'DELETE' ? `delete ${words[0]}` : words[0] };
  const entity = (words[0] ?? 'unknown').replace(/-/g, '_');
  const rest = words.slice(1).join('/');
  return { entity, action: rest ? (method === 'POST' ? rest : `${verb} ${rest}`) : verb };
}

function entityId(request: FastifyRequest, answer: unknown): string | number | null {
  if (request.url.startsWith('/3.0/auth/')) return request.actor?.id ?? null;
  const params = (request.params ?? {}) as Record<string, unknown>;
  const id = params.id ?? (answer as { id?: unknown } | null)?.id ?? params.affiliate_id ?? null;
  if (typeof id === 'string' || typeof id === 'number') return id;
  // A share link's token is what opens it: the log keeps only its start.
  return typeof params.token === 'string' ? `${params.token.slice(0, 6)}…` : null;
}

/** onSend hook of state-changing routes: records a successful change no handler recorded itself. */
export function auditChangeHook(ctx: AppContext) {
  return async function auditChange(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    if (request.audited || !request.actor || reply.statusCode >= 400) return payload;
    let answer: unknown = null;
    if (typeof payload === 'string' && payload.startsWith('{')) {
      try {
        answer = JSON.parse(payload);
      } catch {
        answer = null;
      }
    }
    const { entity, action } = describeRoute(request.method, request.routeOptions.url ?? request.url);
    await recordChange(ctx, request, {
      action,
      entity,
      entity_id: entityId(request, answer),
      before: null,
      after: answer,
    });
    return payload;
  };
}
