/**
 * One inbound conversion signal, advertiser postback (S2S) or pixel (C2S), from parameters to
 * stored answer. The routes only differ in how they read parameters and how they answer.
 *
 * Everything a signal causes is here:
 * - refused (a check failed): one write, its log row with the reason;
 * - accepted: one call, `store.conversions.record`, one transaction holding the conversion
 *   (created or changed), its log row and the outbound jobs the event causes (the fan-out rules
 *   of outbound/fan-out.ts, which the store was given at start). The answer comes from its
 *   outcome, after the commit; the delivery worker is woken by the store when jobs were queued.
 */
import type { AppContext } from '../context.js';
import { buildConversion } from '../domain/conversion-build.js';
import { newObjectId, objectIdKey } from '../domain/object-id.js';
import { outcomeResponse } from '../domain/existing-conversion.js';
import { checkPostback, clickIdProblem, type PostbackInput } from '../domain/postback-checks.js';
import { POSTBACK_ERROR, rejected } from '../domain/postback-errors.js';
import { safeEqual } from '../http/hash.js';
import type { PostbackLogRow, PostbackResponse } from '../domain/entities.js';
import { truncate } from './params.js';

/** A postback or pixel as the route read it. */
export interface InboundSignal {
  integration: 's2s' | 'c2s';
  input: PostbackInput;
  /** Every parameter as received, for the log. */
  params: Record<string, string>;
  /** A body that could not be read (check 0); null when fine. */
  problem: string | null;
  /** The address the request came from (after TRUST_PROXY). */
  senderIp: string;
}

/** Log columns hold short values; the full text stays in `params`. */
const LOG_COLUMN_MAX = 255;
const column = (value: string | null) => (value === null ? null : truncate(value, LOG_COLUMN_MAX));

export type SignalProcessor = (signal: InboundSignal) => Promise<PostbackResponse>;

/** Builds the processor once per app. */
export function createSignalProcessor(ctx: AppContext): SignalProcessor {
  const countryOf = (ip: string) => ctx.geo.country(ip);

  async function reject(log: PostbackLogRow, error: string): Promise<PostbackResponse> {
    log.response = rejected(error);
    await ctx.store.postbackLog.append(log);
    return log.response;
  }

  async function process(signal: InboundSignal): Promise<PostbackResponse> {
    const { input } = signal;
    const now = Date.now();
    const clickProblem = clickIdProblem(input.clickid);
    const validClickId = clickProblem === null ? objectIdKey(input.clickid as string) : null;
    const log: PostbackLogRow = {
      id: newObjectId(now),
      created_at: now,
      offer_id: null,
      advertiser_id: null,
      affiliate_id: null,
      clickid: validClickId,
      status: column(input.status),
      goal: column(input.goal),
      action_id: column(input.action_id),
      ip: signal.senderIp,
      integration: signal.integration,
      delta: null,
      params: signal.params,
      response: rejected(''), // set by reject() or, for accepted ones, by the store from the outcome
    };
    if (signal.problem !== null) return reject(log, signal.problem);
    if (clickProblem !== null || validClickId === null)
      return reject(log, clickProblem ?? POSTBACK_ERROR.brokenClickId);
    const click = await ctx.store.clicks.get(validClickId);
    if (!click) return reject(log, POSTBACK_ERROR.clickNotFound);

    const offer = ctx.catalog.offer(click.offer_id);
    const advertiserId = offer?.offer.advertiser_id ?? null;
    const advertiser = advertiserId === null ? undefined : ctx.catalog.advertiser(advertiserId);
    log.offer_id = click.offer_id;
    log.advertiser_id = advertiserId;
    log.affiliate_id = click.affiliate_id;
    log.delta = Math.max(0, Math.floor((now - click.created_at) / 1000));

    const checked = checkPostback(input, {
      click,
      offer,
      advertiser,
      senderIp: signal.senderIp,
      checkIpWhitelist: signal.integration === 's2s',
      now,
      countryOf,
      tokensEqual: safeEqual,
    });
    if (!checked.ok) return reject(log, checked.error);

    const built = buildConversion(newObjectId(now), input, checked.value, click, now);
    const { outcome } = await ctx.store.conversions.record({ ...built, log });
    return outcomeResponse(outcome);
  }

  return async (signal) => {
    const response = await process(signal);
    ctx.metrics.postbacks.inc({ integration: signal.integration, response_status: response.status });
    return response;
  };
}
