/**
 * Paused outbound configurations (docs/api.md, "Paused outbound configurations"): the list of
 * configurations whose deliveries fail, and their re-enable, for staff (every configuration) and
 * for an affiliate (its own postbacks and tracking events; never a cross-postback, which is the
 * advertiser's). Who may call each route is in people/access-table.ts.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { RecordId } from '../http/ids.js';
import { iso } from '../http/present.js';
import { PageQuery, listAnswer, pageRequest } from '../http/pagination.js';
import type { App } from '../http/types.js';
import { caller } from '../partner/caller.js';
import { recordChange } from '../people/audit.js';
import { StringEnum, ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import {
  OutboundHealthListSchema,
  OutboundHealthSchema,
  ResumedSchema,
  type OutboundHealthRecord,
} from '../schemas/outbound-health.js';
import type { OutboundKind } from '../domain/entities.js';
import type { OutboundHealth } from '../store/store.js';

const NOT_FAILING = 'No failed deliveries for this configuration';

export function presentHealth(h: OutboundHealth): OutboundHealthRecord {
  return {
    kind: h.kind,
    source_id: h.source_id,
    affiliate_id: h.affiliate_id,
    failing: h.paused_at !== null,
    failing_since: h.paused_at === null ? null : iso(h.paused_at),
    consecutive_failures: h.consecutive_failures,
    last_error: h.last_error,
    last_http_code: h.last_http_code,
    last_failure_at: iso(h.last_failure_at),
    held_jobs: h.held_jobs,
  };
}

function params(kinds: readonly OutboundKind[]) {
  return Type.Object({ kind: StringEnum(kinds), source_id: RecordId });
}

export async function outboundHealthRoutes(app: App, ctx: AppContext): Promise<void> {
  const security = [{ apiKey: [] }];
  const outbound = ctx.store.outbound;

  /** The configuration's trouble, or 404; an affiliate reaches only its own. */
  async function load(request: FastifyRequest, affiliateId: number | null) {
    const { kind, source_id } = request.params as { kind: OutboundKind; source_id: number };
    const health = await outbound.healthOf(kind, source_id);
    if (!health || (affiliateId !== null && health.affiliate_id !== affiliateId)) throw notFound(NOT_FAILING);
    return health;
  }

  async function resume(request: FastifyRequest, affiliateId: number | null) {
    const health = await load(request, affiliateId);
    const released = await outbound.resume(health.kind, health.source_id, Date.now());
    await recordChange(ctx, request, {
      action: 'resume',
      entity: 'outbound_health',
      entity_id: `${health.kind}:${health.source_id}`,
      before: presentHealth(health),
      after: null,
    });
    return { status: 1 as const, released };
  }

  const list = (affiliateId: number | null) => async (request: FastifyRequest) => {
    const page = pageRequest(request.query as { page?: number; limit?: number });
    const filter = affiliateId === null ? {} : { affiliate_id: affiliateId };
    return listAnswer('outbound_health', page, await outbound.health(filter, page), presentHealth);
  };

  const ALL = ['postback', 'tracking_event', 'cross_postback'] as const;
  const OWN = ['postback', 'tracking_event'] as const;
  const tags = ['admin: outbound'];
  const partnerTags = ['partner'];

  app.get(
    '/3.0/admin/outbound-health',
    {
      schema: {
        tags,
        security,
        description: 'Configurations whose deliveries fail, paused ones first.',
        querystring: Type.Object(PageQuery),
        response: { 200: ref(OutboundHealthListSchema), ...errorResponses(400, 401) },
      },
    },
    list(null),
  );
  app.get(
    '/3.0/admin/outbound-health/:kind/:source_id',
    {
      schema: {
        tags,
        security,
        params: params(ALL),
        response: { 200: ref(OutboundHealthSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => presentHealth(await load(request, null)),
  );
  app.post(
    '/3.0/admin/outbound-health/:kind/:source_id/resume',
    {
      schema: {
        tags,
        security,
        params: params(ALL),
        description: 'Re-enables a configuration: failures forgotten, its held jobs due now.',
        response: { 200: ref(ResumedSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => resume(request, null),
  );
  app.get(
    '/3.0/partner/outbound-health',
    {
      schema: {
        tags: partnerTags,
        security,
        description: 'Your postbacks and tracking events whose deliveries fail, paused ones first.',
        querystring: Type.Object(PageQuery),
        response: { 200: ref(OutboundHealthListSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => list(caller(request).id)(request),
  );
  app.post(
    '/3.0/partner/outbound-health/:kind/:source_id/resume',
    {
      schema: {
        tags: partnerTags,
        security,
        params: params(OWN),
        description: 'Re-enables one of your postbacks or tracking events.',
        response: { 200: ref(ResumedSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => resume(request, caller(request).id),
  );
}
