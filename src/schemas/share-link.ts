/** A share link as the admin API shows it, and the answer of its creation (see docs/api.md, "Share links"). */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { NullableTimestamp, StringEnum, Timestamp } from './common.js';

const Slice = StringEnum(['conversions', 'serverpostbacks', 'affiliatepostbacks', 'crosspostbacks'] as const, {
  description: 'The statistics slice shown',
});

export const ShareLinkSchema = Type.Object(
  {
    token: Type.String(),
    url: Type.String({ description: 'Path of the keyless view' }),
    slice: Slice,
    filters: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]), {
      description: "The slice's query, fixed at creation",
    }),
    expires_at: NullableTimestamp('null: never'),
    revoked_at: NullableTimestamp(),
    created_at: Timestamp(),
  },
  { $id: 'ShareLink', description: 'A read-only link to one statistics slice' },
);

export type ShareLinkRecord = Static<typeof ShareLinkSchema>;

export const ShareLinkCreatedSchema = Type.Pick(ShareLinkSchema, ['token', 'url', 'slice', 'expires_at'], {
  $id: 'ShareLinkCreated',
  description: 'A new share link',
});
