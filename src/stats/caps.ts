/**
 * `GET /3.0/stats/caps` and its alias `/3.1/stats/caps`: each offer's cap rules with their
 * progress in the current window (docs/reports-and-caps.md, "Caps progress"). A rule that does
 * not split (no `each`) answers its one counter: its row, or what the stored records add up to
 * before any event made the row. A rule split per affiliate or goal answers the counters its
 * events have made in the window.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { type CapTouch, ruleTouch } from '../domain/cap-plan.js';
import { type CapRule, capSettings, counterKey, ruleKey } from '../domain/caps.js';
import type { Offer } from '../domain/entities.js';
import { goalKey } from '../domain/goal.js';
import { toDecimal } from '../domain/money.js';
import { isZoneName, type Window, windowAt } from '../domain/zone-offsets.js';
import { badRequest, notFound } from '../http/errors.js';
import { iso } from '../http/present.js';
import type { RawQuery } from '../http/query.js';
import type { App } from '../http/types.js';
import type { CapCounterRecord, CapProgressRecord, CapsStatsRecord } from '../schemas/cap-stats.js';
import { CapsStatsSchema } from '../schemas/cap-stats.js';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { baseName, values } from './custom-params.js';

const ACCEPTED = new Set(['offer_id', 'timezone', 'locale']);

/** `offer_id` in any list encoding: required, positive integers, each once, in order. */
function offerIds(query: RawQuery): number[] {
  for (const key of Object.keys(query)) {
    if (query[key] !== undefined && !ACCEPTED.has(baseName(key)))
      throw badRequest(`Unknown parameter: ${baseName(key)}`);
  }
  const zone = values(query, 'timezone')[0];
  if (zone !== undefined && !isZoneName(zone)) throw badRequest(`Invalid timezone: ${zone}`);
  const given = values(query, 'offer_id').flatMap((v) => v.split(',').map((part) => part.trim()));
  const ids = given.filter((v) => v.length > 0);
  if (ids.length === 0) throw badRequest('Missing mandatory parameter offer_id');
  for (const id of ids) if (!/^[1-9]\d{0,14}$/.test(id)) throw badRequest(`Invalid offer_id value: ${id}`);
  return [...new Set(ids.map(Number))];
}

/** The amount a counter or limit stands for: a count, or a budget in the offer's currency. */
const amount = (rule: CapRule, value: number) => (rule.type === 'budget' ? toDecimal(value) : value);

/** The goal value as the offer names it, for a counter's goal key. */
function goalName(offer: Offer, key: string): string {
  return offer.payouts.find((payout) => goalKey(payout.goal) === key)?.goal ?? key;
}

/** One rule's progress, from its counters in the current window (`window`). */
function ruleProgress(
  offer: Offer,
  rule: CapRule,
  window: Window,
  found: { goal_key: string; affiliate_id: number; value: number }[],
): CapProgressRecord {
  const counters: CapCounterRecord[] = found
    .filter((counter) => counter.value !== 0)
    .map((counter) => ({
      affiliate_id: rule.affiliate_type === 'each' ? counter.affiliate_id : null,
      goal: rule.goal_type === 'each' ? goalName(offer, counter.goal_key) : null,
      current_value: amount(rule, counter.value),
      remaining: amount(rule, Math.max(0, rule.value - counter.value)),
    }))
    .sort((a, b) => (a.affiliate_id ?? 0) - (b.affiliate_id ?? 0) || ((a.goal ?? '') < (b.goal ?? '') ? -1 : 1));
  const highest = Math.max(0, ...found.map((counter) => counter.value));
  return {
    id: String(rule.id),
    timeframe: rule.period,
    type: rule.type,
    value: amount(rule, rule.value),
    current_value: amount(rule, highest),
    is_remaining: highest < rule.value,
    reset_to_value: 0,
    goal_type: rule.goal_type,
    goals: rule.goals,
    goal_stats: {},
    affiliate_type: rule.affiliate_type,
    affiliates: rule.affiliates,
    country_type: 'all',
    countries: [],
    resets_at: window.end === null ? null : iso(window.end),
    counters,
  };
}

/**
 * An offer's rules and their progress. A rule split per affiliate or goal reads the rows of its
 * current window; the rules that do not split read their one counter each, together.
 */
async function offerProgress(ctx: AppContext, offer: Offer, now: number): Promise<CapProgressRecord[]> {
  const settings = capSettings(offer);
  const windows = settings.caps.map((rule) => windowAt(rule.period, settings.caps_timezone, now));
  const splits = (rule: CapRule) => rule.goal_type === 'each' || rule.affiliate_type === 'each';
  const unsplit: CapTouch[] = [];
  settings.caps.forEach((rule, i) => {
    if (splits(rule)) return;
    unsplit.push(ruleTouch(rule, settings, offer.id, offer.currency, windows[i], counterKey(rule, 0, null), 1));
  });
  const values = unsplit.length > 0 ? await ctx.store.caps.values(unsplit) : [];
  const progress: CapProgressRecord[] = [];
  let next = 0;
  for (const [i, rule] of settings.caps.entries()) {
    const found = splits(rule)
      ? await ctx.store.caps.rows(offer.id, ruleKey(rule, settings), windows[i].start)
      : [{ goal_key: '', affiliate_id: 0, value: values[next++] }];
    progress.push(ruleProgress(offer, rule, windows[i], found));
  }
  return progress;
}

export async function capsReport(ctx: AppContext, query: RawQuery): Promise<CapsStatsRecord> {
  const ids = offerIds(query);
  const offers = ids.map((id) => {
    const offer = ctx.catalog.offer(id)?.offer;
    if (!offer) throw notFound(`Offer not found: ${id}`);
    return offer;
  });
  const now = Date.now();
  const stats = [];
  for (const offer of offers) stats.push({ offer_id: offer.id, stats: await offerProgress(ctx, offer, now) });
  return { status: 1, stats };
}

const QueryDoc = Type.Object(
  {},
  {
    additionalProperties: true,
    description: 'offer_id (required): offer_id[]=, offer_id[0]= or repeated offer_id=; timezone, locale: no effect',
  },
);

export async function capsReportRoutes(app: App, ctx: AppContext): Promise<void> {
  for (const path of ['/3.0/stats/caps', '/3.1/stats/caps']) {
    app.get(
      path,
      {
        schema: {
          tags: ['stats'],
          security: [{ apiKey: [] }],
          description: "Progress of offers' caps in their current windows (Affise caps statistics).",
          querystring: QueryDoc,
          response: { 200: ref(CapsStatsSchema), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => capsReport(ctx, request.query as RawQuery),
    );
  }
}
