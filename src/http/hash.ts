/** API keys are kept as SHA-256 hashes and compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A new random key: 40 hex characters. */
export function newApiKey(): string {
  return randomBytes(20).toString('hex');
}

/** Constant-time string equality (lengths are compared by hashing both sides first). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
