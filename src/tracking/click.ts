/**
 * GET /click (docs/api.md, "Clicks"): the hot path. The offer and affiliate come from the in-memory
 * catalog, the click is stored through group commit, and the 302 leaves only after the commit.
 * Kept lean on purpose: no per-request logging, no schema validation, few allocations.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { newObjectId } from '../domain/object-id.js';
import { ClickCapsMemory } from '../domain/click-caps.js';
import { renderMacrosWith } from '../domain/macros.js';
import { decideClick, type ClickRefusal } from '../domain/click-rules.js';
import type { Click } from '../domain/entities.js';
import type { App } from '../http/types.js';
import { clickMacroValue, type ClickMacroSource } from './click-macros.js';
import { firstValue, plainIp, truncate } from './params.js';
import { ClickQuery, ClickResponses, documentOnly } from './schemas.js';
import { isUniqueVisit } from './uniqueness.js';

type Query = Record<string, string | string[] | undefined>;

export const MAX_SUB = 500;
const MAX_REFERRER = 2000;
const MAX_USER_AGENT = 1000;
const DAY_SECONDS = 86_400;
const SUB_NAMES = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8'];

function optionalText(value: string | string[] | undefined, max: number): string | null {
  const text = firstValue(value);
  return text === undefined || text === '' ? null : truncate(text, max);
}

/**
 * Percent-encodes what an admin's URL template may hold but a Location header may not
 * (spaces, non-ASCII): Node refuses such a header, which would turn a click into a 500.
 */
export function headerSafeUrl(url: string): string {
  if (!/[^\x21-\x7e]/.test(url)) return url;
  return url.replace(/[^\x21-\x7e]/gu, (char) => {
    try {
      return encodeURIComponent(char);
    } catch {
      return ''; // a lone surrogate has no UTF-8 form
    }
  });
}

/** The referring page: the `referrer` parameter, else the Referer header. */
function referrerOf(request: FastifyRequest, query: Query): string | null {
  return optionalText(query.referrer, MAX_REFERRER) ?? optionalText(request.headers.referer, MAX_REFERRER);
}

/** What a click records of its visitor: address, sub1..sub8 and user agent. */
function visitorOf(request: FastifyRequest, query: Query): { ip: string; subs: (string | null)[]; ua: string | null } {
  return {
    ip: plainIp(request.ip),
    subs: SUB_NAMES.map((name) => optionalText(query[name], MAX_SUB)),
    ua: optionalText(request.headers['user-agent'], MAX_USER_AGENT),
  };
}

/** Fills a tracking or trafficback URL for a click. */
function fillClickUrl(template: string, click: ClickMacroSource): string {
  return renderMacrosWith(template, (name) => clickMacroValue(click, name));
}

export function clickRoutes(app: App, ctx: AppContext): void {
  const counted = {
    redirect: ctx.metrics.clicks.labels('redirect'),
    trafficback: ctx.metrics.clicks.labels('trafficback'),
    refused: ctx.metrics.clicks.labels('refused'),
  };
  // A capped offer's clicks share their cap touches while within the same windows.
  const capsMemory = new ClickCapsMemory();

  /**
   * A refusal: counted by reason for the trafficback report, then the offer's trafficback when
   * it has one, else the status with a one-line text.
   */
  async function refuse(reply: FastifyReply, request: FastifyRequest, refusal: ClickRefusal) {
    const { offer, code, text, reason, affiliateId } = refusal;
    const query = request.query as Query;
    const ip = plainIp(request.ip);
    await ctx.store.clicks.refuse({
      at: Date.now(),
      reason,
      offer_id: offer?.id ?? null,
      affiliate_id: affiliateId,
      advertiser_id: offer?.advertiser_id ?? null,
      country: ctx.geo.country(ip),
      currency: offer?.currency ?? null,
    });
    if (offer?.trafficback_url) {
      counted.trafficback.inc();
      const { subs, ua } = visitorOf(request, query);
      const pid = firstValue(query.pid) ?? firstValue(query.aff_id) ?? '';
      // No click is stored for trafficback, so {clickid} is empty.
      const location = fillClickUrl(offer.trafficback_url, {
        clickid: '',
        offerId: offer.id,
        offerTitle: offer.title,
        advertiserId: offer.advertiser_id,
        pid,
        affiliateName: null,
        subs,
        ip,
        country: ctx.geo.country(ip),
        ua,
        referrer: referrerOf(request, query),
        at: Date.now(),
      });
      return reply.code(302).header('location', headerSafeUrl(location)).send();
    }
    counted.refused.inc();
    return reply.code(code).type('text/plain; charset=utf-8').send(text);
  }

  app.get(
    '/click',
    {
      schema: {
        tags: ['tracking'],
        summary: 'Click: store it and redirect to the offer',
        querystring: ClickQuery,
        response: ClickResponses,
      },
      ...documentOnly,
      // A HEAD (link previews, checkers) must not count as a click.
      exposeHeadRoute: false,
    },
    async (request, reply) => {
      const query = request.query as Query;
      const decision = decideClick(
        firstValue(query.offer_id),
        firstValue(query.pid) ?? firstValue(query.aff_id),
        ctx.catalog,
      );
      if (!decision.ok) return refuse(reply, request, decision);
      const { offer, affiliate } = decision;

      const now = Date.now();
      // Caps: only offers that have rules pay for the check (docs/reports-and-caps.md, "Click caps").
      const caps = offer.caps?.length ? capsMemory.get(offer, affiliate.id, now) : null;
      if (caps) {
        const touches = caps.reads.length === 0 ? caps.joins : [...caps.joins, ...caps.reads];
        if (await ctx.store.caps.reachedAtClick(touches)) {
          const overcap: ClickRefusal = {
            ok: false,
            code: 403,
            text: 'Cap is reached',
            reason: 'overcap',
            offer,
            affiliateId: affiliate.id,
          };
          return refuse(reply, request, overcap);
        }
      }
      const { ip, subs, ua } = visitorOf(request, query);
      const click: Click = {
        clickid: newObjectId(now),
        offer_id: offer.id,
        affiliate_id: affiliate.id,
        subs,
        ip,
        user_agent: ua,
        country: ctx.geo.country(ip),
        referrer: referrerOf(request, query),
        created_at: now,
        uniq: isUniqueVisit(request.headers.cookie, offer.id, now),
      };
      await ctx.store.clicks.insert(click, {
        advertiser_id: offer.advertiser_id,
        currency: offer.currency,
        ...(caps && caps.joins.length > 0 ? { caps: caps.joins } : {}),
      });
      counted.redirect.inc();
      const location = fillClickUrl(offer.tracking_url, {
        clickid: click.clickid,
        offerId: offer.id,
        offerTitle: offer.title,
        advertiserId: offer.advertiser_id,
        pid: String(affiliate.id),
        affiliateName: affiliate.name,
        subs,
        ip,
        country: click.country,
        ua,
        referrer: click.referrer,
        at: now,
      });
      // Name and value are digits and hex: nothing to escape, so the header is built directly.
      const cookie = `tp_${offer.id}=${click.clickid}; Max-Age=${offer.click_lifespan_days * DAY_SECONDS}; Path=/; HttpOnly; SameSite=Lax`;
      return reply.code(302).header('location', headerSafeUrl(location)).header('set-cookie', cookie).send();
    },
  );
}
