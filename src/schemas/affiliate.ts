/**
 * An affiliate as the admin API shows it: never its key's hash. The key itself appears only in
 * the create answer and in the answer of a key rotation (see docs/api.md, "Admin API").
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Id, Nullable, StringEnum, Timestamp, listOf } from './common.js';

const affiliateFields = {
  id: Id(),
  name: Type.String(),
  status: StringEnum(['active', 'banned'] as const, { description: 'banned: its clicks are refused' }),
  signing_secret: Nullable(Type.String(), { description: 'Secret that signs its POST postbacks; null: unsigned' }),
  created_at: Timestamp(),
  updated_at: Timestamp(),
};

export const AffiliateSchema = Type.Object(affiliateFields, { $id: 'Affiliate', description: 'An affiliate' });

export type AffiliateRecord = Static<typeof AffiliateSchema>;

/** The create answer: the affiliate and its API key, shown this once. */
export const AffiliateCreatedSchema = Type.Object(
  { ...affiliateFields, api_key: Type.String({ description: 'The affiliate API key; shown once, stored hashed' }) },
  { $id: 'AffiliateCreated', description: 'A new affiliate with its API key (shown once)' },
);

export type AffiliateCreatedRecord = Static<typeof AffiliateCreatedSchema>;

/** The answer of a key rotation. */
export const AffiliateApiKeySchema = Type.Object(
  { id: Id(), api_key: Type.String({ description: 'The new key; the old one no longer works' }) },
  { $id: 'AffiliateApiKey', description: "An affiliate's new API key (shown once)" },
);

export const AffiliateListSchema = listOf('AffiliateList', 'affiliates', AffiliateSchema);
