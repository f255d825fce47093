/**
 * `npx tsx bench/console.ts`: the web console's speed figures, measured in Debian's Chromium
 * against the real server (the browser suite's set-up; the console must be built: `npm run
 * build`). Prints, never asserts:
 *
 * - first load: the JavaScript a browser downloads (compressed, as sent) and its gzip size, for
 *   the sign-in page and for a log page opened directly by a signed-in person;
 * - a server postbacks page of 500 rows: rows in the DOM (virtualised), time from navigation to
 *   the rows shown, and frame intervals while it scrolls from top to bottom one step per frame;
 * - with `--report-clicks N` (default 0: left out): the dashboard (last 30 days) and the
 *   statistics page (30 days by day and offer) on a new database of N clicks and N/10
 *   conversions over the last 30 days, p50 and max of 5 navigations each, from `page.goto` to the
 *   report's figures shown (bench/console-reports.ts). The goal: within 1 s on 10,000,000 clicks.
 *   Filling takes a while: `npx tsx bench/console.ts --report-clicks 10000000`.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { CONSOLE_DIR } from '../src/http/console.js';
import { chromiumSkip, firstAdminByApi, signIn, startConsole } from '../test/browser/browser.js';
import { click, network, postback, SECURE_TOKEN } from '../test/browser/fixtures.js';
import { reportScreenRows, type Row } from './console-reports.js';

if (chromiumSkip) {
  console.error(chromiumSkip);
  process.exit(1);
}

const { values: flags } = parseArgs({ options: { 'report-clicks': { type: 'string', default: '0' } } });
const reportClicks = Number(flags['report-clicks']);
if (!Number.isSafeInteger(reportClicks) || reportClicks < 0) {
  console.error(`--report-clicks must be a whole number of clicks (0: none), got "${flags['report-clicks']}"`);
  process.exit(1);
}

interface Loaded {
  files: string[];
  sent: number;
  gzip: number;
}

/** The scripts the page loaded: bytes as sent (transferSize less headers) and their gzip size. */
async function scripts(page: Page): Promise<Loaded> {
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.endsWith('.js'))
      .map((entry) => ({ name: entry.name, sent: (entry as PerformanceResourceTiming).encodedBodySize })),
  );
  const files = entries.map((entry) => new URL(entry.name).pathname);
  const gzip = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(CONSOLE_DIR, file.slice(1))), { level: 9 }).length,
    0,
  );
  return { files, sent: entries.reduce((sum, entry) => sum + entry.sent, 0), gzip };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** First loads and the 500-row page, on a database holding 500 postbacks. */
async function firstLoadAndLogRows(): Promise<Row[]> {
  const con = await startConsole();
  try {
    await firstAdminByApi(con);
    const net = await network(con);
    const clickid = await click(con, net);
    for (let i = 0; i < 500; i++) {
      await postback(con, { clickid, action_id: `order-${1000 + i}`, goal: '1', secure: SECURE_TOKEN });
    }

    const fresh = await (await con.context()).newPage();
    await fresh.goto('/sign-in');
    await fresh.getByRole('button', { name: 'Sign in' }).waitFor();
    const signInLoad = await scripts(fresh);

    const page = await (await con.context()).newPage();
    await signIn(page, 'admin@example.com');
    const started = Date.now();
    await page.goto('/logs/server-postbacks?limit=500');
    await page.getByTestId('table-total').filter({ hasText: '500 rows' }).waitFor();
    await page.locator('tbody tr[data-index="0"]').waitFor();
    const shownMs = Date.now() - started;
    const logLoad = await scripts(page);
    const domRows = await page.locator('tbody tr[data-index]').count();

    // A string, not a function: the TypeScript runner would name inner functions with a helper
    // that does not exist in the page.
    const frames = (await page.evaluate(`new Promise((resolve) => {
    const scroller = document.querySelector('[data-testid="table-scroller"]');
    const intervals = [];
    let last = performance.now();
    const step = () => {
      const now = performance.now();
      intervals.push(now - last);
      last = now;
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) {
        resolve(intervals.slice(1).sort((a, b) => a - b));
        return;
      }
      scroller.scrollTop += 60;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`)) as number[];
    const at = (q: number) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))].toFixed(1);
    const over = frames.filter((ms) => ms > 1000 / 30).length;

    return [
      [
        'first load, sign-in page: JavaScript sent (br) / gzip',
        `${kb(signInLoad.sent)} / ${kb(signInLoad.gzip)} (${signInLoad.files.length} files)`,
      ],
      [
        'first load, server postbacks page: JavaScript sent (br) / gzip',
        `${kb(logLoad.sent)} / ${kb(logLoad.gzip)} (${logLoad.files.length} files)`,
      ],
      ['500-row page: navigation to rows shown', `${shownMs} ms`],
      ['500-row page: rows in the DOM', `${domRows} of 500`],
      [
        '500-row page: frame interval while scrolling, p50 / p95 / max',
        `${at(0.5)} / ${at(0.95)} / ${frames[frames.length - 1].toFixed(1)} ms (${frames.length} frames, ${over} over 33 ms)`,
      ],
    ];
  } finally {
    await con.close();
  }
}

// One part after the other, never two servers and browsers at once.
const rows = await firstLoadAndLogRows();
if (reportClicks > 0) rows.push(...(await reportScreenRows(reportClicks)));
console.log('| measure | value |');
console.log('|---|---|');
for (const [measure, value] of rows) console.log(`| ${measure} | ${value} |`);
