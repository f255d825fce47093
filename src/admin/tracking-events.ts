/**
 * `/3.0/admin/tracking-events` (docs/api.md, "Tracking events"): GET postbacks an affiliate (the
 * source) receives when its conversions reach one of the listed statuses. The rules are shared with
 * the affiliate API, where affiliates manage their own (admin/outbound-fields.ts).
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import { TrackingEventListSchema, TrackingEventSchema } from '../schemas/tracking-event.js';
import type { TrackingEvent } from '../domain/entities.js';
import { registerCrud } from './crud.js';
import {
  TRACKING_EVENT_DEFAULTS,
  TrackingEventBodyFields,
  TrackingEventFieldSchemas as F,
  buildTrackingEvent,
  presentTrackingEvent,
  trackingEventFieldsOf,
  type TrackingEventFields,
} from './outbound-fields.js';

const CreateTrackingEvent = Type.Object(
  {
    affiliate_id: F.affiliate_id,
    ...TrackingEventBodyFields,
  },
  { additionalProperties: false },
);

// affiliate_id and statuses are accepted so that a change is refused by name, not as unknown.
const PatchTrackingEvent = Type.Partial(CreateTrackingEvent, { additionalProperties: false });

export async function trackingEventRoutes(app: App, ctx: AppContext): Promise<void> {
  registerCrud<TrackingEvent, TrackingEventFields>(app, ctx, {
    path: '/3.0/admin/tracking-events',
    noun: 'Tracking event',
    tag: 'admin: tracking events',
    schema: TrackingEventSchema,
    listSchema: TrackingEventListSchema,
    repo: (c) => c.store.trackingEvents,
    createBody: CreateTrackingEvent,
    patchBody: PatchTrackingEvent,
    defaults: TRACKING_EVENT_DEFAULTS,
    fieldsOf: trackingEventFieldsOf,
    build: buildTrackingEvent,
    present: presentTrackingEvent,
  });
}
