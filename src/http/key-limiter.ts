/**
 * Limits how fast API keys can be guessed. Failed key attempts are counted in the database, per
 * address and for everyone, in fixed windows (KEY_FAILURE_WINDOW), so the limits hold however
 * many processes serve. Past a limit, keyed requests are answered 429 with Retry-After until the
 * window ends, whether their key is right or wrong: a guesser must not learn that a guess was
 * right from a 200 among the 429s.
 *
 * A right key never waits for the database: each process remembers in memory which addresses
 * (and whether everyone) are blocked, learning it from the counts its own failed attempts bring
 * back. So an attacker spread over many processes gets at most one more failed try per process
 * once a limit is reached. The global limit does not lock out addresses that presented a right
 * key in this process recently, so a distributed guesser cannot keep the admins out.
 *
 * IPv6 clients are counted per /64, the block one subscriber usually gets.
 */
import ipaddr from 'ipaddr.js';
import type { KeyFailureRepo } from '../store/store.js';

export interface KeyLimits {
  /** Failed attempts one address may make per window. */
  perAddress: number;
  /** Failed attempts all addresses together may make per window. */
  global: number;
  windowMs: number;
}

/** How long a right key keeps its address exempt from the global limit. */
const KNOWN_GOOD_MS = 24 * 3_600_000;
/** Past this many remembered addresses, expired ones are dropped (a bound on memory). */
const MAX_REMEMBERED = 10_000;

/** The address a failure is counted against: IPv4 as is, IPv6 as its /64. */
export function limitedAddress(ip: string): string {
  try {
    const parsed = ipaddr.process(ip);
    if (parsed.kind() === 'ipv4') return parsed.toString();
    const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
    return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
  } catch {
    return ip;
  }
}

export class KeyLimiter {
  private readonly blocked = new Map<string, number>();
  private readonly knownGood = new Map<string, number>();
  private globalUntil = 0;

  constructor(
    private readonly repo: KeyFailureRepo,
    private readonly limits: KeyLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the address must wait before any key is checked; 0 when it may try. No I/O. */
  waitFor(address: string): number {
    const now = this.now();
    const until = Math.max(this.blocked.get(address) ?? 0, this.exemptFromGlobal(address, now) ? 0 : this.globalUntil);
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** A right key from the address. No I/O. */
  succeeded(address: string): void {
    if (this.knownGood.size >= MAX_REMEMBERED && !this.knownGood.has(address)) prune(this.knownGood, this.now());
    this.knownGood.set(address, this.now() + KNOWN_GOOD_MS);
  }

  /** Counts a wrong key; returns the seconds to wait when a limit is now passed, else 0. */
  async failed(address: string): Promise<number> {
    const now = this.now();
    const windowStart = now - (now % this.limits.windowMs);
    const windowEnd = windowStart + this.limits.windowMs;
    const counts = await this.repo.record(address, windowStart);
    if (counts.address > this.limits.perAddress) {
      if (this.blocked.size >= MAX_REMEMBERED) prune(this.blocked, now);
      this.blocked.set(address, windowEnd);
    }
    if (counts.global > this.limits.global) this.globalUntil = Math.max(this.globalUntil, windowEnd);
    return this.waitFor(address);
  }

  private exemptFromGlobal(address: string, now: number): boolean {
    return (this.knownGood.get(address) ?? 0) > now;
  }
}

function prune(entries: Map<string, number>, now: number): void {
  for (const [key, until] of entries) if (until <= now) entries.delete(key);
  // Still full of live entries: forget the oldest half rather than grow without bound.
  if (entries.size >= MAX_REMEMBERED) {
    let drop = entries.size / 2;
    for (const key of entries.keys()) {
      if (drop-- <= 0) break;
      entries.delete(key);
    }
  }
}
