/**
 * The report screens on a large database, for `bench/console.ts --report-clicks N`: how long the
 * dashboard and the statistics page take, from navigation to their figures shown, when the
 * database holds N clicks and N/10 conversions over the last 30 days.
 *
 * The database is the reports scenario's (bench/scenarios/reports.ts): its records made through
 * the admin API of a short-lived server, then filled through the store while no server runs
 * (bench/report-fill.ts). The console then runs on that same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestApp } from '../test/helpers/harness.js';
import { firstAdminByApi, startConsole } from '../test/browser/browser.js';
import { fillForReports, seedForReports } from './report-fill.js';
import { ADMIN_KEY } from './seed.js';

const DAY_MS = 86_400_000;
const NAVIGATIONS = 5;
/** Far above the 1 s goal: a slow screen should give a slow figure, not a failed run. */
const SHOWN_TIMEOUT_MS = 120_000;

export type Row = [measure: string, value: string];

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const count = (n: number) => n.toLocaleString('en-US');

/** A new SQLite file holding `clicks` clicks over the 30 days before `nowMs`; its URL. */
async function filledDatabase(dir: string, clicks: number, nowMs: number): Promise<string> {
  const databaseUrl = `file:${join(dir, 'reports.db')}`;
  // Seeded with the bench's admin key, which seedForReports sends.
  const seeder = await startTestApp({ DATABASE_URL: databaseUrl, ADMIN_API_KEY: ADMIN_KEY });
  let seeded: Awaited<ReturnType<typeof seedForReports>>;
  try {
    seeded = await seedForReports(await seeder.listen());
  } finally {
    await seeder.close();
  }
  console.error(`console: writing ${count(clicks)} clicks and a tenth as many conversions`);
  await fillForReports({
    databaseUrl,
    clicks,
    ...seeded,
    nowMs,
    onProgress: (done) => {
      if (done % 1_000_000 === 0) console.error(`console: ${count(done)} clicks written`);
    },
  });
  return databaseUrl;
}

/**
 * The times of NAVIGATIONS fresh loads of `path` in the signed-in `page`, each from `page.goto`
 * until every one of `selectors` matches an element; sorted. The page checks them itself on
 * every animation frame: Playwright's locator waits back off to 500 ms between tries, which
 * would add up to half a second to the figure.
 */
async function timeNavigations(page: Page, path: string, selectors: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < NAVIGATIONS; i++) {
    const started = performance.now();
    await page.goto(path);
    // A function, not a string: the page's Content-Security-Policy forbids evaluating strings. It
    // names no inner function, so the TypeScript runner adds no helper the page lacks.
    await page.waitForFunction(
      (wanted) => wanted.every((selector) => document.querySelector(selector) !== null),
      selectors,
      { polling: 'raf', timeout: SHOWN_TIMEOUT_MS },
    );
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/**
 * The dashboard's figures: each element below appears only once its report has answered (the
 * KPIs with the 60 days by day, the chart and the top tables with their own queries).
 */
const DASHBOARD_SHOWN = [
  '[data-testid="kpis"]',
  '[data-testid="chart"]',
  'table[aria-label="Top offers"] tbody tr',
  'table[aria-label="Top affiliates"] tbody tr',
];

/** The report's first row, its totals and its chart: each drawn from an answer of /3.0/stats/custom. */
const STATISTICS_SHOWN = [
  'table[aria-label="Statistics"] tbody tr[data-index="0"]',
  'table[aria-label="Totals"] tbody tr',
  '[data-testid="chart"]',
];

const p50AndMax = (sorted: number[]) =>
  `${Math.round(sorted[Math.floor(sorted.length / 2)])} / ${Math.round(sorted[sorted.length - 1])} ms (${sorted.length} navigations)`;

/** The two screens' rows of the table, measured on a database of `clicks` clicks. */
export async function reportScreenRows(clicks: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-console-bench-'));
  try {
    const now = Date.now();
    const databaseUrl = await filledDatabase(dir, clicks, now);
    const con = await startConsole({ DATABASE_URL: databaseUrl });
    try {
      await firstAdminByApi(con);
      const page = await con.signedIn();
      // Last 30 days, not the default today: every element waited for has data at any hour (even
      // just after midnight), and the top tables read a month, the dashboard's heaviest period.
      const dashboard = await timeNavigations(page, '/?period=30d', DASHBOARD_SHOWN);
      // The range the reports scenario asks the API for, so the two figures can be set side by side.
      const range = `date_from=${day(now - 30 * DAY_MS)}&date_to=${day(now)}`;
      const statistics = await timeNavigations(page, `/statistics?slice=day,offer&${range}`, STATISTICS_SHOWN);
      const size = `${count(clicks)} clicks`;
      return [
        [`dashboard (last 30 days) on ${size}: navigation to data shown, p50 / max`, p50AndMax(dashboard)],
        [
          `statistics (30 days by day and offer) on ${size}: navigation to data shown, p50 / max`,
          p50AndMax(statistics),
        ],
      ];
    } finally {
      await con.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
