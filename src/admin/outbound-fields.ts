/**
 * Fields shared by the outbound configurations (affiliate postbacks, tracking events), and the
 * tracking event's rules, which the admin API and the affiliate API apply alike.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { goalKey, goalValueProblem } from '../domain/goal.js';
import { AFFILIATE_MACROS } from '../domain/macros.js';
import { statusName, type StatusCode } from '../domain/status.js';
import { badRequest } from '../http/errors.js';
import { iso } from '../http/present.js';
import type { TrackingEventRecord } from '../schemas/tracking-event.js';
import type { TrackingEvent } from '../domain/entities.js';
import { checkStatus, checkUrl } from './fields.js';
import type { StoredFields } from './crud.js';

/** Goal values; empty: every goal. */
export const GoalListSchema = Type.Array(Type.String({ maxLength: 64 }), {
  maxItems: 1000,
  description: 'Goal values (matched case-insensitively); empty: all goals',
});

/** Statuses by code or name. */
export const StatusListSchema = (description: string, minItems = 0) =>
  Type.Array(Type.Union([Type.String({ maxLength: 20 }), Type.Integer()]), { minItems, maxItems: 10, description });

/** Goal values checked against the goal rule, without case-insensitive repeats. */
export function checkGoals(field: string, goals: readonly string[]): string[] {
  const seen = new Map<string, string>();
  goals.forEach((goal, index) => {
    const value = goal.trim();
    const problem = goalValueProblem(value);
    if (problem) throw badRequest(`${field}[${index}]: goal value ${problem}`);
    if (!seen.has(goalKey(value))) seen.set(goalKey(value), value);
  });
  return [...seen.values()];
}

/** Statuses by code or name, as codes without repeats. */
export function checkStatuses(field: string, statuses: readonly (string | number)[]): StatusCode[] {
  return [...new Set(statuses.map((status, index) => checkStatus(`${field}[${index}]`, status)))];
}

export const TrackingEventFieldSchemas = {
  affiliate_id: Type.Integer({ minimum: 1, description: 'The affiliate whose conversions it follows (the source)' }),
  scope: Type.Union([Type.Literal('global'), Type.Literal('offer')], {
    description: 'global (default): every offer, later ones too, except offer_ids; offer: only offer_ids',
  }),
  offer_ids: Type.Array(Type.Integer({ minimum: 1 }), {
    maxItems: 10_000,
    description: 'Excluded (global) or included (offer) offers',
  }),
  goals: GoalListSchema,
  statuses: StatusListSchema('Statuses it fires for (at least one); not editable', 1),
  url: Type.String({
    minLength: 1,
    maxLength: 2000,
    description: 'http(s) URL, requested with GET; affiliate macros only',
  }),
};

/** A tracking event's body fields other than its source, as both the admin and affiliate APIs take them. */
export const TrackingEventBodyFields = {
  scope: Type.Optional(TrackingEventFieldSchemas.scope),
  offer_ids: Type.Optional(TrackingEventFieldSchemas.offer_ids),
  goals: Type.Optional(TrackingEventFieldSchemas.goals),
  statuses: TrackingEventFieldSchemas.statuses,
  url: TrackingEventFieldSchemas.url,
};

/** Editable fields of a tracking event as the APIs take them. */
export interface TrackingEventFields {
  affiliate_id: number;
  scope: 'global' | 'offer';
  offer_ids: number[];
  goals: string[];
  statuses: (string | number)[];
  url: string;
}

export const TRACKING_EVENT_DEFAULTS: Partial<TrackingEventFields> = { scope: 'global', offer_ids: [], goals: [] };

export function trackingEventFieldsOf(e: TrackingEvent): TrackingEventFields {
  return {
    affiliate_id: e.affiliate_id,
    scope: e.scope,
    offer_ids: e.offer_ids,
    goals: e.goals,
    statuses: e.statuses,
    url: e.url,
  };
}

/**
 * Checks a tracking event's fields. On an edit (`current` set) the source and the statuses may
 * not change: a change is refused naming the field rather than silently ignored.
 */
export function buildTrackingEvent(
  f: TrackingEventFields,
  ctx: AppContext,
  current: TrackingEvent | null,
): StoredFields<TrackingEvent> {
  const statuses = checkStatuses('statuses', f.statuses);
  if (statuses.length === 0) throw badRequest('statuses: at least one status is required');
  if (current) {
    if (f.affiliate_id !== current.affiliate_id) {
      throw badRequest('affiliate_id: cannot be changed; create a new tracking event for another affiliate');
    }
    const same = statuses.length === current.statuses.length && statuses.every((s) => current.statuses.includes(s));
    if (!same) throw badRequest('statuses: cannot be changed; create a new tracking event for other statuses');
  } else if (!ctx.catalog.affiliate(f.affiliate_id)) {
    throw badRequest(`affiliate_id: unknown affiliate ${f.affiliate_id}`);
  }
  const offerIds = [...new Set(f.offer_ids)];
  const unknown = offerIds.find((id) => !current?.offer_ids.includes(id) && !ctx.catalog.offer(id));
  if (unknown !== undefined) throw badRequest(`offer_ids: unknown offer ${unknown}`);
  if (f.scope === 'offer' && offerIds.length === 0)
    throw badRequest('offer_ids: scope "offer" needs at least one offer');
  return {
    affiliate_id: f.affiliate_id,
    scope: f.scope,
    offer_ids: offerIds,
    goals: checkGoals('goals', f.goals),
    statuses,
    url: checkUrl('url', f.url, AFFILIATE_MACROS),
  };
}

/** A tracking event with status names and ISO times (TrackingEventSchema shapes the rest). */
export function presentTrackingEvent(e: TrackingEvent): TrackingEventRecord {
  return {
    ...e,
    statuses: e.statuses.map(statusName),
    method: 'GET',
    created_at: iso(e.created_at),
    updated_at: iso(e.updated_at),
  };
}
