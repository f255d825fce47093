/**
 * `/3.0/partner/tracking-events`: the caller's own tracking events (docs/api.md, "Tracking
 * events"), with the same rules as the admin API. The list shows each event's last delivery. The source is always the caller: naming another
 * affiliate, or touching another affiliate's event, answers 404 as if it did not exist.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import {
  TRACKING_EVENT_DEFAULTS,
  TrackingEventBodyFields,
  buildTrackingEvent,
  presentTrackingEvent,
  trackingEventFieldsOf,
  type TrackingEventFields,
} from '../admin/outbound-fields.js';
import { notFound } from '../http/errors.js';
import { RecordId } from '../http/ids.js';
import { PageQuery, pageRequest } from '../http/pagination.js';
import { iso } from '../http/present.js';
import type { App } from '../http/types.js';
import { DeletedSchema, ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { PartnerTrackingEventListSchema } from '../schemas/partner.js';
import { TrackingEventSchema } from '../schemas/tracking-event.js';
import type { TrackingEvent } from '../domain/entities.js';
import { AFFILIATE_SECURITY, caller } from './caller.js';

const MISSING = 'Tracking event not found';

const CreateBody = Type.Object(
  {
    affiliate_id: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Your own id (the default); no other is accepted' }),
    ),
    ...TrackingEventBodyFields,
  },
  { additionalProperties: false },
);

const PatchBody = Type.Partial(CreateBody, { additionalProperties: false });
const IdParams = Type.Object({ id: RecordId });
const Item = ref(TrackingEventSchema);

/** The source named in a body: the caller, or a 404 for anyone else. */
function ownSource(request: FastifyRequest, body: { affiliate_id?: number }): number {
  const me = caller(request).id;
  if (body.affiliate_id !== undefined && body.affiliate_id !== me) throw notFound('Affiliate not found');
  return me;
}

export async function partnerTrackingEventRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['affiliate API'];
  const security = AFFILIATE_SECURITY;
  const errors = errorResponses(400, 401, 404);
  const repo = ctx.store.trackingEvents;

  /** The newest request each event caused, by event id; an event that never fired has none. */
  async function lastDeliveries(affiliateId: number, events: TrackingEvent[]) {
    const jobs = await ctx.store.outbound.latest(
      'tracking_event',
      affiliateId,
      events.map((event) => event.id),
    );
    return new Map(
      jobs.map((job) => [
        job.source_id,
        {
          id: job.id,
          date: iso(job.created_at),
          conversion_id: job.conversion_id,
          state: job.state,
          http_code: job.http_code,
          error: job.error,
          attempts: job.attempts,
        },
      ]),
    );
  }

  /** The caller's event, or 404 (unknown and someone else's look the same). */
  async function own(request: FastifyRequest, id: number): Promise<TrackingEvent> {
    const event = await repo.get(id);
    if (!event || event.affiliate_id !== caller(request).id) throw notFound(MISSING);
    return event;
  }

  app.get(
    '/3.0/partner/tracking-events',
    {
      schema: {
        tags,
        security,
        querystring: Type.Object(PageQuery),
        description: 'Your tracking events, newest first, each with its last delivery.',
        response: { 200: ref(PartnerTrackingEventListSchema), ...errors },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const me = caller(request).id;
      const found = await repo.list(page, { affiliate_id: me });
      const last = await lastDeliveries(me, found.rows);
      const rows = found.rows.map((event) => ({
        ...presentTrackingEvent(event),
        last_delivery: last.get(event.id) ?? null,
      }));
      return {
        status: 1 as const,
        tracking_events: rows,
        pagination: { per_page: page.limit, total_count: found.total, page: page.page },
      };
    },
  );

  app.post(
    '/3.0/partner/tracking-events',
    {
      schema: { tags, security, body: CreateBody, response: { 201: Item, ...errors } },
    },
    async (request, reply) => {
      const body = request.body;
      const fields = {
        ...TRACKING_EVENT_DEFAULTS,
        ...body,
        affiliate_id: ownSource(request, body),
      } as TrackingEventFields;
      const created = await repo.create(buildTrackingEvent(fields, ctx, null));
      return reply.code(201).send(presentTrackingEvent(created));
    },
  );

  app.get(
    '/3.0/partner/tracking-events/:id',
    {
      schema: { tags, security, params: IdParams, response: { 200: Item, ...errors } },
    },
    async (request) => presentTrackingEvent(await own(request, request.params.id)),
  );

  app.patch(
    '/3.0/partner/tracking-events/:id',
    {
      schema: { tags, security, params: IdParams, body: PatchBody, response: { 200: Item, ...errors } },
    },
    async (request) => {
      const current = await own(request, request.params.id);
      const body = request.body;
      const fields = {
        ...trackingEventFieldsOf(current),
        ...body,
        affiliate_id: ownSource(request, body),
      } as TrackingEventFields;
      const updated = await repo.update(current.id, buildTrackingEvent(fields, ctx, current));
      if (!updated) throw notFound(MISSING);
      return presentTrackingEvent(updated);
    },
  );

  app.delete(
    '/3.0/partner/tracking-events/:id',
    {
      schema: { tags, security, params: IdParams, response: { 200: ref(DeletedSchema), ...errors } },
    },
    async (request) => {
      const current = await own(request, request.params.id);
      if (!(await repo.delete(current.id))) throw notFound(MISSING);
      return { status: 1 as const };
    },
  );
}
