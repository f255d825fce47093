/**
 * One-time links: an invitation (the invited person sets a password) or a password reset.
 * Valid 72 hours, usable once; making a new one for an account ends its earlier ones. Only the
 * token's SHA-256 is stored, and the link is shown to the admin (or printed by
 * `npm start -- --reset-password <email>`) to pass on: no mail server is needed.
 */
import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { sha256 } from '../http/hash.js';
import type { PeopleStore } from '../store/people.js';

export const LINK_LIFETIME_MS = 72 * 3_600_000;

/** The console's address: PUBLIC_URL, else the address the request came to. */
export function baseUrl(config: Config, request?: FastifyRequest): string {
  if (config.publicUrl) return config.publicUrl;
  if (request) return `${request.protocol}://${request.host}`;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${config.port}`;
}

/** Makes a link for the account and answers its URL (`<base>/accept?token=…`). */
export async function issueLink(
  people: PeopleStore,
  userId: number,
  kind: 'invite' | 'reset',
  base: string,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  await people.tokens.issue({
    token_hash: sha256(token),
    user_id: userId,
    kind,
    expires_at: now + LINK_LIFETIME_MS,
    created_at: now,
  });
  return `${base.replace(/\/+$/, '')}/accept?token=${token}`;
}

/** Resolves with a password-reset link for the account with this email; null when there is none. */
export async function resetLinkFor(people: PeopleStore, email: string, base: string): Promise<string | null> {
  const user = await people.users.byEmail(email.trim().toLowerCase());
  return user ? issueLink(people, user.id, 'reset', base) : null;
}
