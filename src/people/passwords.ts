/**
 * Password hashing: argon2id with 7 MiB and 5 passes (1 lane), one of the settings OWASP's
 * password storage guidance lists as equally strong (19 MiB with 2 passes is another); measured
 * here it is the fastest of them, about a fifth faster than 19 MiB with 2 passes, because less
 * memory is touched per pass. A stored hash names its own settings, so hashes made with other
 * settings keep verifying. The
 * async API runs each hash on libuv's thread pool, so sign-ins never block the event loop
 * (and so never slow /click or /postback beyond the CPU they share).
 *
 * At most one hash per CPU core runs at a time; the rest wait their turn in arrival order.
 * libuv's pool has four threads that file and DNS work (outbound postbacks resolve their hosts
 * there) share with the hashes: a burst of sign-ins would otherwise hold all four, and four
 * hashes on two cores each take twice as long without any finishing sooner.
 */
import { availableParallelism } from 'node:os';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 as Algorithm /* Argon2id */, memoryCost: 7_168, timeCost: 5, parallelism: 1 };

/** Shortest password accepted (docs/people.md). */
export const MIN_PASSWORD = 10;

/** Hashes allowed at once: one per core, and never all of libuv's four threads. */
const HASH_SLOTS = Math.max(1, Math.min(availableParallelism(), 3));
let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when a hashing slot is free (first come, first served). */
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASH_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return inSlot(() => hash(password, OPTIONS));
}

/**
 * Checks a password against a stored hash. Without a hash (unknown email, invite not yet
 * accepted) it still spends the time of one verification on a made-up hash, so the answer's
 * timing does not tell which emails have accounts.
 */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    const made = await decoy();
    await inSlot(() => verify(made, password)).catch(() => false);
    return false;
  }
  return inSlot(() => verify(stored, password)).catch(() => false);
}

let decoyHash: Promise<string> | null = null;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword('a password nobody has');
  return decoyHash;
}
