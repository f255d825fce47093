/**
 * A tracking event as the admin and affiliate APIs show it (see docs/api.md, "Tracking
 * events"): a GET an affiliate receives when its conversions reach one of the statuses.
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Id, StatusName, StringEnum, Timestamp, listOf } from './common.js';

export const TrackingEventSchema = Type.Object(
  {
    id: Id(),
    affiliate_id: Id('The affiliate whose conversions it follows'),
    scope: StringEnum(['global', 'offer'] as const, {
      description: 'global: every offer except offer_ids; offer: only offer_ids',
    }),
    offer_ids: Type.Array(Type.Integer()),
    goals: Type.Array(Type.String(), { description: 'Goal values; empty: all' }),
    statuses: Type.Array(StatusName(), { description: 'Statuses it fires on' }),
    url: Type.String({ description: 'http(s) URL with affiliate macros' }),
    method: Type.Literal('GET'),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { $id: 'TrackingEvent', description: 'A tracking event' },
);

export type TrackingEventRecord = Static<typeof TrackingEventSchema>;

export const TrackingEventListSchema = listOf('TrackingEventList', 'tracking_events', TrackingEventSchema);
