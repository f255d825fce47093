/**
 * Reports: `GET /3.0/stats/custom` over 30 days on a database holding `--report-clicks` clicks
 * and a tenth as many conversions (bench/report-fill.ts), sliced by day and offer (read from
 * the offer rollup), by affiliate (the affiliate rollup), by day and country (the full
 * counters) and by sub1 (the raw clicks and conversions), on SQLite and, with `--postgres`, on
 * PostgreSQL (its counter tables compacted after the fill: bench/postgres.ts says why).
 * Requests go one at a time to a ROLE=http process of their own; each row gives their p50 and
 * p99 (and the rate one caller gets).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../measure.js';
import { benchSchemaUrl, dropSchema, compactSchema } from '../postgres.js';
import { fillForReports, seedForReports } from '../report-fill.js';
import { emptyReport, type Report } from '../report.js';
import { ADMIN_KEY } from '../seed.js';
import { type ChildServer, startTrackpost } from '../servers.js';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

/** Sequential requests of `path`: 3 unmeasured, then up to `count` (at least 5) within `budgetMs`. */
async function timeRequests(server: ChildServer, path: string, count: number, budgetMs: number) {
  const get = async () => {
    const started = performance.now();
    const response = await fetch(`${server.base}${path}`, {
      headers: { 'API-Key': ADMIN_KEY },
      signal: AbortSignal.timeout(120_000),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 200)}`);
    return { ms: performance.now() - started, rows: (JSON.parse(body) as { stats: unknown[] }).stats.length };
  };
  for (let i = 0; i < 3; i++) await get();
  const times: number[] = [];
  let rows = 0;
  const deadline = Date.now() + budgetMs;
  while (times.length < count && (times.length < 5 || Date.now() < deadline)) {
    const one = await get();
    times.push(one.ms);
    rows = one.rows;
  }
  const total = times.reduce((a, b) => a + b, 0);
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    rps: (times.length * 1000) / total,
    n: times.length,
    rows,
  };
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

async function measureOn(
  lab: Lab,
  report: Report,
  databaseUrl: string,
  dir: string,
  backend: string,
  afterFill: () => Promise<void> = async () => {},
): Promise<void> {
  const clicks = lab.options.reportClicks;
  const start = (label: string) =>
    startTrackpost({ root: lab.build.root, dir, databaseUrl, adminKey: ADMIN_KEY, role: 'http', env: lab.env, label });
  const seeder = await start(`trackpost-report-seed-${backend}`);
  let seeded: Awaited<ReturnType<typeof seedForReports>>;
  try {
    seeded = await seedForReports(seeder.base);
  } finally {
    await seeder.stop();
  }
  const now = Date.now();
  const started = Date.now();
  lab.progress(
    `reports (${backend}): writing ${clicks.toLocaleString('en-US')} clicks and a tenth as many conversions`,
  );
  const filled = await fillForReports({
    databaseUrl,
    clicks,
    ...seeded,
    nowMs: now,
    onProgress: (done) => {
      if (done % 1_000_000 === 0) lab.progress(`reports (${backend}): ${done.toLocaleString('en-US')} clicks written`);
    },
  });
  const fillS = (Date.now() - started) / 1000;
  await afterFill();
  const server = await start(`trackpost-report-${backend}`);
  try {
    const range = `filter[date_from]=${day(now - 30 * 86_400_000)}&filter[date_to]=${day(now)}`;
    const count = lab.options.quick ? 10 : 50;
    const budgetMs = lab.options.quick ? 10_000 : 60_000;
    const size = `${filled.clicks.toLocaleString('en-US')} clicks, ${filled.conversions.toLocaleString('en-US')} conversions`;
    for (const [what, query] of [
      ['day and offer', `slice[]=day&slice[]=offer&limit=500&${range}`],
      ['affiliate', `slice[]=affiliate&limit=500&${range}`],
      ['day and country', `slice[]=day&slice[]=country&limit=500&${range}`],
      ['sub1', `slice[]=sub1&limit=500&${range}`],
    ] as const) {
      lab.progress(`reports (${backend}): /3.0/stats/custom by ${what}`);
      const timed = await timeRequests(server, `/3.0/stats/custom?${query}`, count, budgetMs);
      report.rows.push({
        target: `/3.0/stats/custom, 30 days by ${what}, ${backend} (${size})`,
        result: null,
        rps: timed.rps,
        p50: timed.p50,
        p99: timed.p99,
        errors: 0,
        rssMb: null,
        kind: 'other',
        note: `${timed.n} requests one at a time, ${timed.rows} rows each`,
      });
    }
    report.notes.push(`reports (${backend}): filled ${size} over 30 days in ${fillS.toFixed(0)} s through the store`);
  } finally {
    await server.stop();
  }
}

export async function runReports(lab: Lab): Promise<Report> {
  const report = emptyReport();
  const dir = join(lab.dir, 'reports');
  mkdirSync(dir, { recursive: true });
  await measureOn(lab, report, `file:${join(dir, 'reports.db')}`, dir, 'SQLite');
  const postgres = lab.options.postgres;
  if (postgres) {
    const { url, schema } = benchSchemaUrl(postgres);
    try {
      await measureOn(lab, report, url, dir, 'PostgreSQL', async () => {
        lab.progress('reports (PostgreSQL): compacting the counter tables after the fill');
        await compactSchema(url, schema);
      });
    } finally {
      await dropSchema(url, schema);
    }
  }
  return report;
}
