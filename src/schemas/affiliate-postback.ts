/** An affiliate's postback URL as the admin API shows it (see docs/api.md, "Affiliate postbacks"). */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Id, Nullable, StatusName, StringEnum, Timestamp, listOf } from './common.js';

export const AffiliatePostbackSchema = Type.Object(
  {
    id: Id(),
    affiliate_id: Id(),
    offer_id: Nullable(Type.Integer(), { description: 'null: global, for offers without postbacks of their own' }),
    url: Type.String({ description: 'http(s) URL with affiliate macros' }),
    method: StringEnum(['GET', 'POST'] as const),
    goals: Type.Array(Type.String(), { description: 'Goal values it fires for; empty: all' }),
    statuses: Type.Array(StatusName(), { description: 'Statuses it fires for; empty: all' }),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { $id: 'AffiliatePostback', description: "An affiliate's postback URL" },
);

export type AffiliatePostbackRecord = Static<typeof AffiliatePostbackSchema>;

export const AffiliatePostbackListSchema = listOf('AffiliatePostbackList', 'postbacks', AffiliatePostbackSchema);
