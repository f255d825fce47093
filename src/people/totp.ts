/**
 * TOTP second factor (RFC 6238, 30-second steps, 6 digits, as authenticator apps expect). A
 * code is accepted once: the step it belongs to is recorded in the account with a conditional
 * update, so a replay fails here and in every other process.
 */
import { generateSecret, generateURI, verify } from 'otplib';
import type { PeopleStore, User } from '../store/people.js';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUrl(email: string, secret: string): string {
  return generateURI({ issuer: 'Trackpost', label: email, secret });
}

/** The time step of a valid code for `secret` (one step of clock drift either way), or null. */
export async function codeStep(secret: string, code: string, after: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epochTolerance: 30,
      ...(after === null ? {} : { afterTimeStep: after }),
    });
    return result.valid && 'timeStep' in result ? (result.timeStep as number) : null;
  } catch {
    return null;
  }
}

/** True when `code` is valid for the account's confirmed secret and was never used before. */
export async function useTotpCode(people: PeopleStore, user: User, secret: string, code: string): Promise<boolean> {
  const step = await codeStep(secret, code, user.totp_last_step);
  return step !== null && (await people.users.useTotpStep(user.id, step));
}
