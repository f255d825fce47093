/**
 * `npx tsx bench/console.ts`: the web console's speed figures, measured in Debian's Chromium
 * against the real server (the browser suite's set-up; the console must be built: `npm run
 * build`). Prints, never asserts:
 *
 * - first load: the JavaScript a browser downloads (compressed, as sent) and its gzip size, for
 *   the sign-in page and for a log page opened directly by a signed-in person;
 * - a server postbacks page of 500 rows: rows in the DOM (virtualised), time from navigation to
 *   the rows shown, and frame intervals while it scrolls from top to bottom one step per frame.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CONSOLE_DIR } from '../src/http/console.js';
import { chromiumSkip, firstAdminByApi, signIn, startConsole } from '../test/browser/browser.js';
import { click, network, postback, SECURE_TOKEN } from '../test/browser/fixtures.js';

if (chromiumSkip) {
  console.error(chromiumSkip);
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

  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(
    `| first load, sign-in page: JavaScript sent (br) / gzip | ${kb(signInLoad.sent)} / ${kb(signInLoad.gzip)} (${signInLoad.files.length} files) |`,
  );
  console.log(
    `| first load, server postbacks page: JavaScript sent (br) / gzip | ${kb(logLoad.sent)} / ${kb(logLoad.gzip)} (${logLoad.files.length} files) |`,
  );
  console.log(`| 500-row page: navigation to rows shown | ${shownMs} ms |`);
  console.log(`| 500-row page: rows in the DOM | ${domRows} of 500 |`);
  console.log(
    `| 500-row page: frame interval while scrolling, p50 / p95 / max | ${at(0.5)} / ${at(0.95)} / ${frames[frames.length - 1].toFixed(1)} ms (${frames.length} frames, ${over} over 33 ms) |`,
  );
} finally {
  await con.close();
}
