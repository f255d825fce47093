/** An advertiser as the admin API shows it (see docs/api.md, "Admin API"). */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Id, Nullable, StringEnum, Timestamp, listOf } from './common.js';

export const AdvertiserSchema = Type.Object(
  {
    id: Id(),
    name: Type.String(),
    status: StringEnum(['active', 'disabled'] as const, {
      description: 'disabled: its offers answer clicks and postbacks as inactive',
    }),
    secure_token: Nullable(Type.String(), { description: 'Token its postbacks pass as `secure`; null: none' }),
    allowed_ips: Type.Array(Type.String(), {
      description: 'Addresses, CIDR blocks or ranges its postbacks may come from; empty: any',
    }),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { $id: 'Advertiser', description: 'An advertiser' },
);

export type AdvertiserRecord = Static<typeof AdvertiserSchema>;

export const AdvertiserListSchema = listOf('AdvertiserList', 'advertisers', AdvertiserSchema);
