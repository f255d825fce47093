/**
 * Fan-out: which outbound requests one conversion event causes (docs/api.md, "Outbound postbacks").
 * Pure: reads only the in-memory catalog, because it runs inside the event's database transaction
 * (the outbox) and every millisecond here holds the write lock.
 */
import type { Catalog } from '../catalog/cache.js';
import { goalKey } from '../domain/goal.js';
import { renderMacros, type MacroValues } from '../domain/macros.js';
import { STATUS, type StatusCode } from '../domain/status.js';
import type { AffiliatePostback, Conversion, Offer, OutboundJobInput, TrackingEvent } from '../domain/entities.js';
import type { ConversionEvent, FanOut } from '../domain/commands.js';
import { affiliateMacroValues, crossPostbackMacroValues, macroValuesBody } from './macro-values.js';

/** Cross-postbacks fire only for these new statuses: hold is an internal waiting state. */
const CROSS_POSTBACK_STATUSES: ReadonlySet<StatusCode> = new Set([STATUS.approved, STATUS.declined, STATUS.pending]);

function matchesGoal(goals: readonly string[], goal: string): boolean {
  if (goals.length === 0) return true;
  const key = goalKey(goal);
  return goals.some((candidate) => goalKey(candidate) === key);
}

function matchesStatus(statuses: readonly StatusCode[], status: StatusCode): boolean {
  return statuses.length === 0 || statuses.includes(status);
}

/** The offer's own postbacks when the affiliate has any for it, else its global ones. */
export function selectAffiliatePostbacks(
  all: readonly AffiliatePostback[],
  conversion: Conversion,
): AffiliatePostback[] {
  const forOffer = all.filter((postback) => postback.offer_id === conversion.offer_id);
  const candidates = forOffer.length > 0 ? forOffer : all.filter((postback) => postback.offer_id === null);
  return candidates.filter(
    (postback) => matchesGoal(postback.goals, conversion.goal) && matchesStatus(postback.statuses, conversion.status),
  );
}

/**
 * Tracking events in scope (global: every offer but the listed ones, later ones too; offer: only
 * the listed).
 */
export function trackingEventFires(event: TrackingEvent, conversion: Conversion): boolean {
  const listed = event.offer_ids.includes(conversion.offer_id);
  const inScope = event.scope === 'global' ? !listed : listed;
  return inScope && matchesGoal(event.goals, conversion.goal) && event.statuses.includes(conversion.status);
}

/** Builds the fan-out over the catalog cache. */
export function createFanOut(catalog: Catalog): FanOut {
  return (event: ConversionEvent): OutboundJobInput[] => {
    const { conversion } = event;
    // Only creations and real status changes are events; a comment edit sends nothing.
    if (event.previous_status === conversion.status) return [];
    const offer = catalog.offer(conversion.offer_id)?.offer ?? null;
    const affiliate = catalog.affiliate(conversion.affiliate_id);
    const jobs: OutboundJobInput[] = [];

    const postbacks = selectAffiliatePostbacks(catalog.affiliatePostbacks(conversion.affiliate_id), conversion);
    const events = catalog.trackingEvents(conversion.affiliate_id).filter((te) => trackingEventFires(te, conversion));
    if (postbacks.length > 0 || events.length > 0) {
      const values = affiliateMacroValues(conversion, {
        offerTitle: offer?.title ?? null,
        affiliateName: affiliate?.name ?? null,
      });
      for (const postback of postbacks) {
        jobs.push(
          job(
            event,
            'postback',
            postback.id,
            postback.url,
            postback.method,
            values,
            postback.method === 'POST' ? (affiliate?.signing_secret ?? null) : null,
          ),
        );
      }
      for (const te of events) jobs.push(job(event, 'tracking_event', te.id, te.url, 'GET', values, null));
    }

    const cross = crossPostback(event, offer, affiliate?.name ?? null);
    if (cross) jobs.push(cross);
    return jobs;
  };
}

function crossPostback(
  event: ConversionEvent,
  offer: Offer | null,
  affiliateName: string | null,
): OutboundJobInput | null {
  if (!offer?.cross_postback_url || !CROSS_POSTBACK_STATUSES.has(event.conversion.status)) return null;
  const values = crossPostbackMacroValues(event.conversion, { offerTitle: offer.title, affiliateName });
  const method = offer.cross_postback_method;
  return job(
    event,
    'cross_postback',
    offer.id,
    offer.cross_postback_url,
    method,
    values,
    method === 'POST' ? offer.signing_secret : null,
  );
}

function job(
  event: ConversionEvent,
  kind: OutboundJobInput['kind'],
  sourceId: number,
  urlTemplate: string,
  method: 'GET' | 'POST',
  values: MacroValues,
  signingSecret: string | null,
): OutboundJobInput {
  const c = event.conversion;
  return {
    kind,
    source_id: sourceId,
    conversion_id: c.id,
    affiliate_id: c.affiliate_id,
    offer_id: c.offer_id,
    goal: c.goal,
    status: c.status,
    payout: c.payout,
    revenue: c.revenue,
    currency: c.currency,
    notice: c.comment,
    url: renderMacros(urlTemplate, values),
    method,
    body: method === 'POST' ? macroValuesBody(values) : null,
    signing_secret: signingSecret,
    integration: event.integration,
  };
}
