/**
 * `GET /3.0/partner/offers` and `/3.0/partner/offers/:id`: the active offers the caller may run
 * (public ones, and private ones that allow it), each with the caller's click link, the goals
 * it is paid for (its own payout only, never the advertiser's revenue) and the conversions and
 * clicks caps that apply to it with what is left in the current window. Budget caps are left
 * out: they count money across affiliates. Another affiliate's private offer answers 404.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Affiliate, Offer } from '../domain/entities.js';
import { type CapTouch, ruleTouch } from '../domain/cap-plan.js';
import { offerOpenTo } from '../domain/click-rules.js';
import { capSettings, counterKey, ruleApplies } from '../domain/caps.js';
import { goalKey } from '../domain/goal.js';
import { toDecimal } from '../domain/money.js';
import { windowAt } from '../domain/zone-offsets.js';
import { notFound } from '../http/errors.js';
import { RecordId } from '../http/ids.js';
import { PageQuery, pageRequest } from '../http/pagination.js';
import { iso } from '../http/present.js';
import type { App } from '../http/types.js';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import {
  PartnerOfferListSchema,
  PartnerOfferSchema,
  type PartnerCapRecord,
  type PartnerOfferRecord,
} from '../schemas/partner.js';
import { AFFILIATE_SECURITY, caller } from './caller.js';

/** Whether the affiliate may send traffic to the offer. */
function mayRun(offer: Offer, affiliateId: number): boolean {
  return offer.status === 'active' && offerOpenTo(offer, affiliateId);
}

/** The server's own address for click links: PUBLIC_URL, else the address the request came to. */
function baseUrl(ctx: AppContext, request: FastifyRequest): string {
  const configured = ctx.config.publicUrl;
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** The payouts the affiliate is paid, as it sees them. */
function visiblePayouts(offer: Offer, affiliateId: number) {
  return offer.payouts
    .filter((p) => !p.private && (p.affiliates.length === 0 || p.affiliates.includes(affiliateId)))
    .map((p) => ({
      goal: p.goal,
      title: p.title,
      payout: toDecimal(p.payout),
      payout_type: p.payout_type,
      countries: p.countries,
    }));
}

/** The caps applying to the affiliate, each counter with its current value. */
async function capsFor(
  ctx: AppContext,
  offer: Offer,
  affiliateId: number,
  goals: string[],
): Promise<PartnerCapRecord[]> {
  const settings = capSettings(offer);
  const now = Date.now();
  const touches: CapTouch[] = [];
  const shown: Omit<PartnerCapRecord, 'current_value' | 'remaining'>[] = [];
  for (const rule of settings.caps) {
    if (rule.type === 'budget' || !ruleApplies(rule, affiliateId, null)) continue;
    const window = windowAt(rule.period, settings.caps_timezone, now);
    // A rule counted per goal has one counter per goal the affiliate is paid for.
    const counterGoals = rule.type === 'conversions' && rule.goal_type === 'each' ? goals : [null];
    for (const goal of counterGoals) {
      const key = counterKey(rule, affiliateId, goal);
      touches.push(ruleTouch(rule, settings, offer.id, offer.currency, window, key, 1));
      shown.push({
        id: rule.id,
        period: rule.period,
        type: rule.type as 'conversions' | 'clicks',
        goal,
        goals: rule.goals,
        shared: rule.affiliate_type !== 'each',
        value: rule.value,
        resets_at: iso(window.end),
      });
    }
  }
  if (touches.length === 0) return [];
  const values = await ctx.store.caps.values(touches);
  return shown.map((cap, i) => ({
    ...cap,
    current_value: values[i],
    remaining: Math.max(0, cap.value - values[i]),
  }));
}

async function present(
  ctx: AppContext,
  request: FastifyRequest,
  offer: Offer,
  affiliate: Affiliate,
): Promise<PartnerOfferRecord> {
  const payouts = visiblePayouts(offer, affiliate.id);
  const goals = [...new Map(payouts.map((p) => [goalKey(p.goal), p.goal])).values()];
  const settings = capSettings(offer);
  return {
    id: offer.id,
    title: offer.title,
    status: offer.status,
    privacy: offer.privacy,
    currency: offer.currency,
    click_lifespan_days: offer.click_lifespan_days,
    tracking_link: `${baseUrl(ctx, request)}/click?offer_id=${offer.id}&pid=${affiliate.id}`,
    payouts,
    caps: await capsFor(ctx, offer, affiliate.id, goals),
    caps_timezone: settings.caps_timezone,
  };
}

export async function partnerOfferRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['affiliate API'];
  const security = AFFILIATE_SECURITY;

  app.get(
    '/3.0/partner/offers',
    {
      schema: {
        tags,
        security,
        description: 'Active offers you may run (public, or private and open to you), newest first.',
        querystring: Type.Object({
          ...PageQuery,
          q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the title or the id' })),
        }),
        response: { 200: ref(PartnerOfferListSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const me = caller(request);
      const page = pageRequest(request.query);
      const q = request.query.q?.trim().toLowerCase();
      const offers = ctx.catalog
        .offers()
        .filter((offer) => mayRun(offer, me.id))
        .filter((offer) => !q || offer.title.toLowerCase().includes(q) || String(offer.id) === q)
        .sort((a, b) => b.id - a.id);
      const slice = offers.slice((page.page - 1) * page.limit, page.page * page.limit);
      const rows = [];
      for (const offer of slice) rows.push(await present(ctx, request, offer, me));
      return {
        status: 1 as const,
        offers: rows,
        pagination: { per_page: page.limit, total_count: offers.length, page: page.page },
      };
    },
  );

  app.get(
    '/3.0/partner/offers/:id',
    {
      schema: {
        tags,
        security,
        params: Type.Object({ id: RecordId }),
        response: { 200: ref(PartnerOfferSchema), ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const me = caller(request);
      const offer = ctx.catalog.offer(request.params.id)?.offer;
      if (!offer || !mayRun(offer, me.id)) throw notFound('Offer not found');
      return present(ctx, request, offer, me);
    },
  );
}
