/**
 * Sign-ins under load, against a running Trackpost, two ways: `concurrency` people signing in
 * at once, each again as soon as answered (a steady queue: measureSignIns), and bursts of
 * `size` people pressing "Sign in" at the same moment, the next burst once the last of them
 * is answered (a team arriving at nine: measureSignInBursts).
 * Each is a real `POST /3.0/auth/login`: an argon2id verification (off the event loop) and a
 * session written to the database. Answers the latency percentiles of the sign-ins.
 * The benchmark's sign-in scenario (scenarios/sign-in.ts) runs it against its own server.
 */
import { request } from 'undici';

export interface SignInResult {
  signIns: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

const EMAIL = 'bench@example.com';
const PASSWORD = 'bench password 0123456789';

/**
 * Creates the first admin (once per database) so that there is someone to sign in as; false
 * when the build has no accounts (a compared build older than them).
 */
async function ensureAccount(base: string, adminKey: string): Promise<boolean> {
  const response = await fetch(`${base}/3.0/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ admin_key: adminKey, email: EMAIL, name: 'Bench', password: PASSWORD }),
  });
  await response.arrayBuffer();
  if (response.status === 404) return false;
  if (response.status !== 201 && response.status !== 409) throw new Error(`setup answered ${response.status}`);
  return true;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * One sign-in; its latency in ms, or null when it was not answered 200. Sent with undici's
 * request rather than fetch: fetch costs this process about a millisecond of CPU per call, taken
 * from the same two cores the server hashes on.
 */
async function signInOnce(base: string, body: string): Promise<number | null> {
  const t0 = performance.now();
  const response = await request(`${base}/3.0/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await response.body.dump();
  return response.statusCode === 200 ? performance.now() - t0 : null;
}

function summary(latencies: number[], errors: number, seconds: number): SignInResult {
  latencies.sort((a, b) => a - b);
  return {
    signIns: latencies.length,
    errors,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export async function measureSignIns(
  base: string,
  adminKey: string,
  { concurrency = 20, total = 200, timeLimitMs = 60_000 } = {},
): Promise<SignInResult | null> {
  if (!(await ensureAccount(base, adminKey))) return null;
  const body = JSON.stringify({ email: EMAIL, password: PASSWORD });
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  const deadline = Date.now() + timeLimitMs;
  const begin = performance.now();
  const person = async () => {
    while (started < total && Date.now() < deadline) {
      started++;
      const ms = await signInOnce(base, body);
      if (ms === null) errors++;
      else latencies.push(ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, person));
  return summary(latencies, errors, (performance.now() - begin) / 1000);
}

/** `bursts` bursts of `size` sign-ins sent together, each burst after the previous one ended. */
export async function measureSignInBursts(
  base: string,
  adminKey: string,
  { size = 20, bursts = 20 } = {},
): Promise<SignInResult | null> {
  if (!(await ensureAccount(base, adminKey))) return null;
  const body = JSON.stringify({ email: EMAIL, password: PASSWORD });
  const latencies: number[] = [];
  let errors = 0;
  const begin = performance.now();
  for (let burst = 0; burst < bursts; burst++) {
    const answers = await Promise.all(Array.from({ length: size }, () => signInOnce(base, body)));
    for (const ms of answers) {
      if (ms === null) errors++;
      else latencies.push(ms);
    }
  }
  return summary(latencies, errors, (performance.now() - begin) / 1000);
}
