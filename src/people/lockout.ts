/**
 * Sign-in lockout: after 5 failures for one email, or from one address, within 15 minutes,
 * every attempt answers 429 until the window has passed, even with the right password. The
 * failures are rows in the database, so the count holds across processes and restarts.
 */
import type { PeopleStore } from '../store/people.js';
import { HttpError } from '../http/errors.js';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

/** Throws 429 when the email or the address is locked out now. */
export async function refuseWhenLocked(people: PeopleStore, email: string, ip: string, now: number): Promise<void> {
  const recent = await people.loginFailures.recent(email, ip, now - WINDOW_MS, MAX_FAILURES);
  // Locked while the window holds MAX_FAILURES failures: until the oldest of them leaves it.
  const until = Math.max(
    ...[recent.email, recent.ip]
      .filter((times) => times.length >= MAX_FAILURES)
      .map((times) => times[MAX_FAILURES - 1] + WINDOW_MS),
  );
  if (until > now) {
    const minutes = Math.min(15, Math.max(1, Math.ceil((until - now) / 60_000)));
    throw new HttpError(429, `Too many attempts, try again in ${minutes} minutes`);
  }
}

export function recordFailure(people: PeopleStore, email: string, ip: string, now: number): Promise<void> {
  return people.loginFailures.record(email, ip, now);
}
