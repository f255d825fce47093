/**
 * Password hashing: argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). The
 * async API runs each hash on libuv's thread pool, so sign-ins never block the event loop
 * (and so never slow /click or /postback beyond the CPU they share).
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 as Algorithm /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Shortest password accepted (docs/people.md). */
export const MIN_PASSWORD = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * Checks a password against a stored hash. Without a hash (unknown email, invite not yet
 * accepted) it still spends the time of one verification on a made-up hash, so the answer's
 * timing does not tell which emails have accounts.
 */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    await verify(await decoy(), password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

let decoyHash: Promise<string> | null = null;
function decoy(): Promise<string> {
  decoyHash ??= hash('a password nobody has', OPTIONS);
  return decoyHash;
}
