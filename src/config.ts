/**
 * Configuration: the one place that reads process.env. Every variable is parsed and checked
 * once at start; a bad value stops the start with one line naming the variable.
 */
import ipaddr from 'ipaddr.js';

export type Role = 'all' | 'http' | 'worker';

/** Typed, validated configuration. Durations are in milliseconds. */
export interface Config {
  port: number;
  host: string;
  /** `file:<path>` (SQLite) or `postgres://…` */
  databaseUrl: string;
  /** Explicit admin key; null means "use the stored one, generating it at first start". */
  adminApiKey: string | null;
  role: Role;
  deliveryBackoffMs: number[];
  deliveryTimeoutMs: number;
  deliveryConcurrency: number;
  /** Outbound requests in flight to one destination host, per process. */
  deliveryHostConcurrency: number;
  /** How long a claimed outbound job stays with its worker before another may take it. */
  deliveryLeaseMs: number;
  outboundAllowPrivate: boolean;
  /** Consecutive failed deliveries (first attempts of different jobs) that pause a configuration; 0: never. */
  outboundPauseAfter: number;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDRs); empty: none. */
  trustProxy: string[];
  logRetentionDays: number;
  logLevel: string;
  /** Requests handled at once per process; more are answered 503 at once (http/overload.ts). 0: no bound. */
  maxInFlight: number;
  /** SQLite writes waiting for their group commit; more are refused with 503. 0: no bound. */
  writeQueueMax: number;
  /** Window in which concurrent writes are gathered into one transaction (group commit). */
  writeBatchMs: number;
  /** SQLite durability: NORMAL survives a process crash, FULL also a power loss. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Wrong API keys one address may send per window before it is answered 429. */
  keyFailureLimit: number;
  /** Wrong API keys all addresses together may send per window. */
  keyFailureGlobalLimit: number;
  keyFailureWindowMs: number;
  /** Report counters and caps kept (default); false only to measure what they cost. */
  statsCounters: boolean;
  /** Session cookies marked Secure (set when the console is served over HTTPS). */
  sessionCookieSecure: boolean;
  /** The console's address as people reach it, for one-time links; null: the request's own. */
  publicUrl: string | null;
}

/** Thrown for a bad variable; main prints the message alone and exits. */
export class ConfigError extends Error {}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `1m`, `500ms`, `2h`… into milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) return null;
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2]]);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function backoff(env: NodeJS.ProcessEnv): number[] {
  const raw = env.DELIVERY_BACKOFF ?? '1m,5m,15m,1h,3h,6h,12h';
  const steps = raw.split(',').map((part) => parseDuration(part));
  if (steps.length === 0 || steps.some((step) => step === null)) {
    throw new ConfigError(
      `DELIVERY_BACKOFF must be a comma-separated list of durations such as 1m,5m,1h (units ms, s, m, h), got "${raw}"`,
    );
  }
  return steps as number[];
}

function duration(env: NodeJS.ProcessEnv, name: string, fallback: string, min: number, max: number): number {
  const raw = env[name]?.trim() || fallback;
  const value = parseDuration(raw);
  if (value === null || value < min || value > max) {
    throw new ConfigError(
      `${name} must be a duration from ${min} ms to ${max / 1000} s (units ms, s, m, h), got "${raw}"`,
    );
  }
  return value;
}

function trustProxy(env: NodeJS.ProcessEnv): string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return [];
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const valid = entry.includes('/') ? isCidr(entry) : ipaddr.isValid(entry);
    if (!valid) throw new ConfigError(`TRUST_PROXY must list IP addresses or CIDR blocks, got "${entry}"`);
  }
  return entries;
}

function isCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

function databaseUrl(env: NodeJS.ProcessEnv): string {
  const raw = env.DATABASE_URL?.trim() || 'file:./data/trackpost.db';
  if (!raw.startsWith('file:') && !/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError(`DATABASE_URL must be file:<path> (SQLite) or postgres://… (PostgreSQL), got "${raw}"`);
  }
  return raw;
}

function role(env: NodeJS.ProcessEnv): Role {
  const raw = env.ROLE?.trim() || 'all';
  if (raw !== 'all' && raw !== 'http' && raw !== 'worker') {
    throw new ConfigError(`ROLE must be all, http or worker, got "${raw}"`);
  }
  return raw;
}

function adminApiKey(env: NodeJS.ProcessEnv): string | null {
  const raw = env.ADMIN_API_KEY;
  if (raw === undefined || raw === '') return null;
  if (raw.length < 16) throw new ConfigError('ADMIN_API_KEY must be at least 16 characters long');
  return raw;
}

/** STATS_COUNTERS: `on` (default) or `off` (reports and caps stop counting; for benchmarks). */
function statsCounters(env: NodeJS.ProcessEnv): boolean {
  const value = (env.STATS_COUNTERS ?? 'on').trim().toLowerCase();
  if (value !== 'on' && value !== 'off') throw new ConfigError(`STATS_COUNTERS must be on or off, got "${value}"`);
  return value === 'on';
}

function sqliteSynchronous(env: NodeJS.ProcessEnv): 'NORMAL' | 'FULL' {
  const raw = (env.SQLITE_SYNCHRONOUS?.trim() || 'NORMAL').toUpperCase();
  if (raw !== 'NORMAL' && raw !== 'FULL')
    throw new ConfigError(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, got "${env.SQLITE_SYNCHRONOUS}"`);
  return raw;
}

function publicUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return null;
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(raw)) {
    throw new ConfigError(`PUBLIC_URL must be an http:// or https:// address, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/** Reads and checks the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${logLevel}"`);
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl: databaseUrl(env),
    adminApiKey: adminApiKey(env),
    role: role(env),
    deliveryBackoffMs: backoff(env),
    deliveryTimeoutMs: integer(env, 'DELIVERY_TIMEOUT_MS', 10_000, 100, 600_000),
    deliveryConcurrency: integer(env, 'DELIVERY_CONCURRENCY', 64, 1, 10_000),
    deliveryHostConcurrency: integer(env, 'DELIVERY_HOST_CONCURRENCY', 32, 1, 10_000),
    deliveryLeaseMs: integer(env, 'DELIVERY_LEASE_MS', 60_000, 1_000, 3_600_000),
    outboundAllowPrivate: boolean(env, 'OUTBOUND_ALLOW_PRIVATE', false),
    outboundPauseAfter: integer(env, 'OUTBOUND_PAUSE_AFTER', 50, 0, 1_000_000),
    trustProxy: trustProxy(env),
    logRetentionDays: integer(env, 'LOG_RETENTION_DAYS', 90, 1, 3650),
    logLevel,
    writeBatchMs: integer(env, 'WRITE_BATCH_MS', 0, 0, 1000),
    maxInFlight: integer(env, 'MAX_IN_FLIGHT', 256, 0, 1_000_000),
    writeQueueMax: integer(env, 'WRITE_QUEUE_MAX', 20_000, 0, 10_000_000),
    sqliteSynchronous: sqliteSynchronous(env),
    keyFailureLimit: integer(env, 'KEY_FAILURE_LIMIT', 20, 1, 1_000_000),
    keyFailureGlobalLimit: integer(env, 'KEY_FAILURE_GLOBAL_LIMIT', 1000, 1, 100_000_000),
    keyFailureWindowMs: duration(env, 'KEY_FAILURE_WINDOW', '1m', 1000, 86_400_000),
    statsCounters: statsCounters(env),
    sessionCookieSecure: boolean(env, 'SESSION_COOKIE_SECURE', false),
    publicUrl: publicUrl(env),
  };
}
