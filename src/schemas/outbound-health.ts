/**
 * Delivery trouble of one outbound configuration (an affiliate postback, a tracking event or an
 * offer's cross-postback), as the admin and affiliate APIs show it (docs/api.md, "Paused outbound
 * configurations").
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Id, Nullable, NullableTimestamp, StringEnum, Timestamp, listOf } from './common.js';

export const OutboundHealthSchema = Type.Object(
  {
    kind: StringEnum(['postback', 'tracking_event', 'cross_postback'] as const),
    source_id: Id('The affiliate postback, tracking event or offer (cross-postback) it is'),
    affiliate_id: Nullable(Type.Integer(), {
      description: "The postback's or tracking event's affiliate; null for a cross-postback",
    }),
    failing: Type.Boolean({ description: 'Paused: its new jobs wait (state paused) until a success or a re-enable' }),
    failing_since: NullableTimestamp('When it was paused'),
    consecutive_failures: Type.Integer({
      description: 'Failed first attempts of different jobs since the last success',
    }),
    last_error: Nullable(Type.String(), { description: 'Why the last attempt failed' }),
    last_http_code: Type.Integer({ description: 'HTTP code of the last failed answer; 0: no answer' }),
    last_failure_at: Timestamp(),
    held_jobs: Type.Integer({ description: 'Jobs waiting for it to be re-enabled' }),
  },
  { $id: 'OutboundHealth', description: 'An outbound configuration whose deliveries fail' },
);

export type OutboundHealthRecord = Static<typeof OutboundHealthSchema>;

export const OutboundHealthListSchema = listOf('OutboundHealthList', 'outbound_health', OutboundHealthSchema);

export const ResumedSchema = Type.Object(
  {
    status: Type.Literal(1),
    released: Type.Integer({ description: 'Held jobs made due again' }),
  },
  { $id: 'OutboundResumed', description: 'Re-enabled: failures forgotten, held jobs due now' },
);
