/**
 * Help for writing postback URLs: `GET /3.0/partner/macros` lists the macros an affiliate-facing
 * URL may use, and `POST /3.0/partner/postback-test` sends one request to a URL, macros filled
 * with sample values, and answers what the receiver said.
 *
 * The test goes through the delivery path's own sender (outbound/sender.ts): the same address
 * guard (a private address answers `Blocked address` and nothing is sent), timeout, no
 * redirects, Idempotency-Key and, for a POST, the affiliate's Standard Webhooks signature. It is
 * not queued or logged as a delivery: it belongs to no conversion.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { AFFILIATE_MACROS, renderMacros } from '../domain/macros.js';
import { newObjectId } from '../domain/object-id.js';
import { STATUS } from '../domain/status.js';
import type { Conversion, OutboundJob } from '../domain/entities.js';
import { checkUrl } from '../admin/fields.js';
import type { App } from '../http/types.js';
import { affiliateMacroValues, macroValuesBody } from '../outbound/macro-values.js';
import { createSender, type Sender } from '../outbound/sender.js';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { PostbackTestSchema } from '../schemas/partner.js';
import { AFFILIATE_SECURITY, caller } from './caller.js';

const TestBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL; affiliate macros only' }),
    method: Type.Optional(Type.Union([Type.Literal('GET'), Type.Literal('POST')], { description: 'Default: GET' })),
  },
  { additionalProperties: false },
);

const MacroList = Type.Object(
  { status: Type.Literal(1), macros: Type.Array(Type.String()) },
  { description: 'Macro names, without braces' },
);

/** A made-up conversion of the caller: what a test postback's macros are filled from. */
function sampleConversion(affiliateId: number, now: number): Conversion {
  return {
    id: newObjectId(now),
    clickid: 'test-click-id',
    action_id: 'test-action-id',
    offer_id: 0,
    advertiser_id: 0,
    affiliate_id: affiliateId,
    goal: '1',
    goal_title: 'Test',
    status: STATUS.approved,
    sum: null,
    revenue: 0,
    payout: 0,
    currency: 'USD',
    country: 'US',
    ip: '203.0.113.1',
    comment: 'test postback',
    custom_fields: {},
    subs: ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8'],
    click_at: now,
    created_at: now,
    updated_at: now,
    hold_until: null,
    delta: 0,
    user_agent: 'Trackpost test',
    referrer: null,
  };
}

export async function partnerPostbackTestRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['affiliate API'];
  const security = AFFILIATE_SECURITY;
  let sender: Sender | null = null;
  app.addHook('onClose', async () => {
    await sender?.close();
  });

  app.get(
    '/3.0/partner/macros',
    { schema: { tags, security, response: { 200: MacroList, ...errorResponses(401) } } },
    async () => ({ status: 1 as const, macros: [...AFFILIATE_MACROS] }),
  );

  app.post(
    '/3.0/partner/postback-test',
    {
      schema: {
        tags,
        security,
        description:
          'Sends one request to the URL with sample macro values and answers what the receiver said (not logged).',
        body: TestBody,
        response: { 200: ref(PostbackTestSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const affiliate = caller(request);
      const method = request.body.method ?? 'GET';
      const template = checkUrl('url', request.body.url, AFFILIATE_MACROS);
      const now = Date.now();
      const values = affiliateMacroValues(sampleConversion(affiliate.id, now), {
        offerTitle: 'Test offer',
        affiliateName: affiliate.name,
      });
      const id = newObjectId(now);
      const job: OutboundJob = {
        id,
        kind: 'postback',
        source_id: 0,
        conversion_id: id,
        affiliate_id: affiliate.id,
        offer_id: 0,
        goal: '1',
        status: STATUS.approved,
        payout: 0,
        revenue: 0,
        currency: 'USD',
        notice: null,
        url: renderMacros(template, values),
        method,
        body: method === 'POST' ? macroValuesBody(values) : null,
        signing_secret: method === 'POST' ? affiliate.signing_secret : null,
        integration: 'admin',
        state: 'pending',
        attempts: 0,
        http_code: 0,
        error: null,
        next_attempt_at: now,
        lease_until: null,
        created_at: now,
        updated_at: now,
      };
      sender ??= createSender({
        timeoutMs: ctx.config.deliveryTimeoutMs,
        connectionsPerHost: 2,
        allowPrivate: ctx.config.outboundAllowPrivate,
        keepBody: true,
      });
      const outcome = await sender.send(job);
      // Nothing stored changed: the audit log has nothing to record.
      request.audited = true;
      return {
        status: 1 as const,
        url: job.url,
        method,
        outcome: outcome.kind,
        http_code: outcome.kind === 'answered' ? outcome.httpCode : 0,
        body: outcome.body ?? null,
        error: outcome.kind === 'answered' && outcome.httpCode < 300 ? null : outcome.error,
        duration_ms: outcome.durationMs,
      };
    },
  );
}
