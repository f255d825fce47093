/**
 * Sign-ins on a ROLE=http process of its own (SQLite): 20 people signing in at once, again and
 * again (a steady queue of 20), and bursts of 20 sign-ins sent together. Each is an argon2id
 * verification on libuv's thread pool plus a session written to the database; the rows show
 * their rate and latency (docs/people.md).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../measure.js';
import { emptyReport, type Report } from '../report.js';
import { ADMIN_KEY } from '../seed.js';
import { startTrackpost } from '../servers.js';
import { measureSignInBursts, measureSignIns } from '../sign-in.js';

export async function runSignIn(lab: Lab): Promise<Report> {
  const report = emptyReport();
  const dir = join(lab.dir, 'sign-in');
  mkdirSync(dir, { recursive: true });
  lab.progress('sign-ins, 20 at once, then bursts of 20');
  const server = await startTrackpost({
    root: lab.build.root,
    dir,
    databaseUrl: `file:${join(dir, 'sign-in.db')}`,
    adminKey: ADMIN_KEY,
    role: 'http',
    env: lab.env,
    label: 'trackpost-sign-in',
  });
  try {
    const total = lab.options.quick ? 60 : 400;
    const measured = await measureSignIns(server.base, ADMIN_KEY, { concurrency: 20, total, timeLimitMs: 120_000 });
    if (!measured) {
      report.notes.push(`${lab.build.name}: no accounts in this build, no sign-in row`);
      return report;
    }
    report.rows.push({
      target: 'POST /3.0/auth/login, 20 at once (argon2id, a session each)',
      result: null,
      rps: measured.rps,
      p50: measured.p50,
      p99: measured.p99,
      errors: measured.errors,
      rssMb: null,
      kind: 'other',
      note: `${measured.signIns} sign-ins`,
    });
    const bursts = await measureSignInBursts(server.base, ADMIN_KEY, { size: 20, bursts: lab.options.quick ? 3 : 20 });
    if (bursts) {
      report.rows.push({
        target: 'POST /3.0/auth/login, bursts of 20 sent together (each after the last is answered)',
        result: null,
        rps: bursts.rps,
        p50: bursts.p50,
        p99: bursts.p99,
        errors: bursts.errors,
        rssMb: null,
        kind: 'other',
        note: `${bursts.signIns} sign-ins`,
      });
    }
  } finally {
    await server.stop();
  }
  return report;
}
