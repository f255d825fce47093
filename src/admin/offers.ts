/**
 * `/3.0/admin/offers` with their payouts (docs/api.md, "Offers"). URLs are checked when saved:
 * tracking and trafficback URLs may use the click macros, the cross-postback URL the
 * cross-postback macros; an unknown macro is refused naming the nearest known one.
 *
 * A PATCH that passes `payouts` replaces the whole list (payouts have no ids of their own;
 * goals are their identity). Deleting an offer stops its tracking at once; its conversions
 * stay in the statistics.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { parseCurrency } from '../domain/currency.js';
import { DEFAULT_CAPS_STATUS } from '../domain/caps.js';
import { CLICK_MACROS, CROSS_POSTBACK_MACROS } from '../domain/macros.js';
import { offerDefaults } from '../domain/offer-defaults.js';
import { statusName } from '../domain/status.js';
import { badRequest } from '../http/errors.js';
import { iso } from '../http/present.js';
import type { App } from '../http/types.js';
import { OfferListSchema, OfferSchema } from '../schemas/offer.js';
import type { Offer } from '../domain/entities.js';
import { registerCrud, type StoredFields } from './crud.js';
import {
  IdList,
  IpListSchema,
  NullableText,
  checkAffiliateIds,
  checkIpList,
  checkOptionalUrl,
  checkUrl,
  requiredText,
  textOrNull,
} from './fields.js';
import { PayoutBody, buildPayouts, payoutInput, presentPayout, type PayoutInput } from './payouts.js';
import { CapBody, buildCaps, goalKeysOf, presentCaps } from './offer-caps.js';

const Url = (description: string) => Type.String({ maxLength: 4000, description });
const NullableUrl = (description: string) => Type.Union([Url(description), Type.Null()], { description });

const CreateOffer = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 255 }),
    advertiser_id: Type.Integer({ minimum: 1 }),
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('stopped')], {
        description: 'Default: active',
      }),
    ),
    tracking_url: Url(
      'Where a click goes; macros: {clickid}, {offer_id}, {pid}, {sub1}..{sub8}, {ip}, {country}, {ua}',
    ),
    trafficback_url: Type.Optional(NullableUrl('Where refused clicks go (same macros as tracking_url)')),
    currency: Type.Optional(Type.String({ maxLength: 3, description: 'ISO-4217. Default: USD' })),
    privacy: Type.Optional(
      Type.Union([Type.Literal('public'), Type.Literal('private')], { description: 'Default: public' }),
    ),
    allowed_affiliates: Type.Optional(IdList('Affiliates allowed on a private offer')),
    click_lifespan_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'Default: 30' })),
    hold_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, description: 'Default: 0 (no hold)' })),
    secure_token: Type.Optional(NullableText(255, "Overrides the advertiser's secure token")),
    allowed_ips: Type.Optional(IpListSchema),
    cross_postback_url: Type.Optional(NullableUrl('Fired on creation and status changes (cross-postback macros)')),
    cross_postback_method: Type.Optional(
      Type.Union([Type.Literal('GET'), Type.Literal('POST')], { description: 'Default: GET' }),
    ),
    signing_secret: Type.Optional(NullableText(255, 'Secret that signs POST cross-postbacks')),
    payouts: Type.Optional(Type.Array(PayoutBody, { maxItems: 500 })),
    caps: Type.Optional(Type.Array(CapBody, { description: 'Cap rules (at most 50); PATCH replaces the list' })),
    caps_timezone: Type.Optional(Type.String({ description: 'IANA zone of hour/day/month cap windows. Default: UTC' })),
    caps_status: Type.Optional(
      Type.Array(Type.Union([Type.String(), Type.Integer()]), {
        description: 'Statuses a cap counts. Default: approved, pending, hold',
      }),
    ),
    is_redirect_overcap: Type.Optional(
      Type.Boolean({ description: 'Clicks go to trafficback once a conversions/budget cap for all goals is reached' }),
    ),
  },
  { additionalProperties: false },
);

const PatchOffer = Type.Partial(CreateOffer, { additionalProperties: false });

/** Editable fields as the API takes them. */
interface OfferFields extends Omit<StoredFields<Offer>, 'payouts' | 'caps' | 'caps_status'> {
  payouts: PayoutInput[];
  caps: Record<string, unknown>[];
  caps_status: (string | number)[];
}

/** The domain's defaults, in the form the API takes (status names, payouts and caps as input). */
const DEFAULTS: Partial<OfferFields> = {
  ...offerDefaults(),
  payouts: [],
  caps: [],
  caps_status: DEFAULT_CAPS_STATUS.map(statusName),
};

/** An offer as the admin API shows it. */
export function presentOffer(o: Offer) {
  return {
    id: o.id,
    title: o.title,
    advertiser_id: o.advertiser_id,
    status: o.status,
    tracking_url: o.tracking_url,
    trafficback_url: o.trafficback_url,
    currency: o.currency,
    privacy: o.privacy,
    allowed_affiliates: o.allowed_affiliates,
    click_lifespan_days: o.click_lifespan_days,
    hold_days: o.hold_days,
    secure_token: o.secure_token,
    allowed_ips: o.allowed_ips,
    cross_postback_url: o.cross_postback_url,
    cross_postback_method: o.cross_postback_method,
    signing_secret: o.signing_secret,
    payouts: o.payouts.map(presentPayout),
    ...presentCaps(o),
    created_at: iso(o.created_at),
    updated_at: iso(o.updated_at),
  };
}

function fieldsOf(o: Offer): OfferFields {
  const { id: _id, created_at: _c, updated_at: _u, payouts, caps: _caps, caps_status: _status, ...rest } = o;
  const caps = presentCaps(o);
  return { ...rest, ...caps, payouts: payouts.map(payoutInput) };
}

function build(f: OfferFields, ctx: AppContext, current: Offer | null): StoredFields<Offer> {
  if (!ctx.catalog.advertiser(f.advertiser_id))
    throw badRequest(`advertiser_id: unknown advertiser ${f.advertiser_id}`);
  const currency = parseCurrency(f.currency);
  if (!currency) throw badRequest(`currency: "${f.currency}" is not an ISO-4217 code (three letters)`);
  return {
    title: requiredText('title', f.title),
    advertiser_id: f.advertiser_id,
    status: f.status,
    tracking_url: checkUrl('tracking_url', f.tracking_url, CLICK_MACROS),
    trafficback_url: checkOptionalUrl('trafficback_url', f.trafficback_url, CLICK_MACROS),
    currency,
    privacy: f.privacy,
    allowed_affiliates: checkAffiliateIds('allowed_affiliates', f.allowed_affiliates, ctx, current?.allowed_affiliates),
    click_lifespan_days: f.click_lifespan_days,
    hold_days: f.hold_days,
    secure_token: textOrNull(f.secure_token),
    allowed_ips: checkIpList('allowed_ips', f.allowed_ips),
    cross_postback_url: checkOptionalUrl('cross_postback_url', f.cross_postback_url, CROSS_POSTBACK_MACROS),
    cross_postback_method: f.cross_postback_method,
    signing_secret: textOrNull(f.signing_secret),
    ...buildCaps(f, ctx, goalKeysOf(f.payouts), current),
    payouts: buildPayouts(f.payouts, ctx, current?.payouts),
  };
}

/** Registers the offer collection routes. */
export async function offerRoutes(app: App, ctx: AppContext): Promise<void> {
  registerCrud<Offer, OfferFields>(app, ctx, {
    path: '/3.0/admin/offers',
    noun: 'Offer',
    tag: 'admin: offers',
    schema: OfferSchema,
    listSchema: OfferListSchema,
    repo: (c) => c.store.offers,
    createBody: CreateOffer,
    patchBody: PatchOffer,
    defaults: DEFAULTS,
    fieldsOf,
    build,
    present: presentOffer,
  });
}
