/**
 * `/3.0/admin/advertisers` (docs/api.md, "Advertisers"): name, status, secure_token and the IP
 * whitelist their postbacks are checked against. An advertiser that still has offers cannot be
 * deleted (409): its offers would be left without an owner and their postbacks without a token.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { iso } from '../http/present.js';
import type { App } from '../http/types.js';
import { AdvertiserListSchema, AdvertiserSchema, type AdvertiserRecord } from '../schemas/advertiser.js';
import type { Advertiser } from '../domain/entities.js';
import { registerCrud, type StoredFields } from './crud.js';
import { IpListSchema, NullableText, checkIpList, requiredText, textOrNull } from './fields.js';

const fields = {
  name: Type.String({ minLength: 1, maxLength: 255 }),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')], { description: 'Default: active' }),
  secure_token: NullableText(255, 'Token the advertiser passes as `secure` on postbacks'),
  allowed_ips: IpListSchema,
};

const CreateAdvertiser = Type.Object(
  {
    name: fields.name,
    status: Type.Optional(fields.status),
    secure_token: Type.Optional(fields.secure_token),
    allowed_ips: Type.Optional(fields.allowed_ips),
  },
  { additionalProperties: false },
);

const PatchAdvertiser = Type.Partial(CreateAdvertiser, { additionalProperties: false });

/** Editable fields as the API takes them. */
interface AdvertiserFields {
  name: string;
  status: Advertiser['status'];
  secure_token: string | null;
  allowed_ips: string[];
}

/** An advertiser with its times as ISO text (AdvertiserSchema shapes the rest). */
export function presentAdvertiser(a: Advertiser): AdvertiserRecord {
  return { ...a, created_at: iso(a.created_at), updated_at: iso(a.updated_at) };
}

function build(f: AdvertiserFields): StoredFields<Advertiser> {
  return {
    name: requiredText('name', f.name),
    status: f.status,
    secure_token: textOrNull(f.secure_token),
    allowed_ips: checkIpList('allowed_ips', f.allowed_ips),
  };
}

/** Registers the advertiser collection routes. */
export async function advertiserRoutes(app: App, ctx: AppContext): Promise<void> {
  registerCrud<Advertiser, AdvertiserFields>(app, ctx, {
    path: '/3.0/admin/advertisers',
    noun: 'Advertiser',
    tag: 'admin: advertisers',
    schema: AdvertiserSchema,
    listSchema: AdvertiserListSchema,
    repo: (c) => c.store.advertisers,
    createBody: CreateAdvertiser,
    patchBody: PatchAdvertiser,
    defaults: { status: 'active', secure_token: null, allowed_ips: [] },
    fieldsOf: ({ name, status, secure_token, allowed_ips }) => ({ name, status, secure_token, allowed_ips }),
    build,
    present: presentAdvertiser,
    async beforeDelete(advertiser, c) {
      const offers = (await c.store.offers.all()).filter((offer) => offer.advertiser_id === advertiser.id);
      if (offers.length > 0) {
        const ids = offers.map((offer) => offer.id).join(', ');
        throw new HttpError(
          409,
          `Advertiser has offers (${ids}): delete them or move them to another advertiser first`,
        );
      }
    },
  });
}
