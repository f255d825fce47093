/**
 * The browser suite's set-up: the real server (startTestApp: a real SQLite file, or PostgreSQL
 * with TEST_APP_DATABASE_URL) serving the built console, and Debian's Chromium driven by
 * playwright-core. Without Chromium, `chromiumSkip` says how to get it and the tests skip.
 *
 * Also: axe-core run inside the page (no serious or critical violation allowed), and a
 * screenshot of each screen saved under test-artifacts/browser/ (git-ignored).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TestContext } from 'node:test';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/chromium.mjs';
import { ADMIN_KEY, startTestApp, type TestApp } from '../helpers/harness.js';

const require = createRequire(import.meta.url);
const executablePath = chromiumPath();

/** Why the browser tests skip (undefined when Chromium is there). */
export const chromiumSkip = executablePath
  ? undefined
  : 'no Chromium: apt-get install -y chromium-headless-shell (or set CHROMIUM_PATH)';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

export const PASSWORD = 'correct horse battery';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Console {
  tp: TestApp;
  base: string;
  browser: Browser;
  /** A fresh browser profile (no cookies, no storage). */
  context(): Promise<BrowserContext>;
  /** A page in a fresh profile, opened at `path`. */
  open(path: string): Promise<Page>;
  /** A page in a fresh profile, signed in through the sign-in page. */
  signedIn(email?: string): Promise<Page>;
  /** The admin API with the admin key (set-up of records the scenario needs). */
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startConsole(env: Record<string, string> = {}): Promise<Console> {
  const tp = await startTestApp(env);
  const base = await tp.listen();
  const browser = await chromium.launch({ executablePath: executablePath as string, args: LAUNCH_ARGS });
  const contexts: BrowserContext[] = [];
  const context = async () => {
    const created = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
    contexts.push(created);
    return created;
  };
  return {
    tp,
    base,
    browser,
    context,
    async open(path) {
      const page = await (await context()).newPage();
      await page.goto(path);
      return page;
    },
    async signedIn(email = 'admin@example.com') {
      const page = await (await context()).newPage();
      await signIn(page, email);
      return page;
    },
    async admin(method, path, body) {
      const response = await fetch(base + path, {
        method,
        headers: { 'api-key': ADMIN_KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    async close() {
      for (const created of contexts) await created.close().catch(() => {});
      await browser.close();
      await tp.close();
    },
  };
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation,
 * naming the rule and the elements.
 */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  // Colours are judged once transitions (a dialog fading in) have finished.
  await page.evaluate(() => Promise.allSettled(document.getAnimations().map((animation) => animation.finished)));
  // Evaluated through the debugging protocol, so the page's Content-Security-Policy allows it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return (result.violations as any[])
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        rule: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.slice(0, 3).map((node: any) => node.target.join(' ')),
      }));
  });
  assert.deepEqual(violations, [], `${screen}: accessibility violations\n${JSON.stringify(violations, null, 2)}`);
}

/** Saves a full-page screenshot as a test artifact (test-artifacts/browser/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * The set-up most scenarios share: a console closed when the test ends, its first admin created
 * through the API (for scenarios that do not test the setup page).
 */
export async function adminConsole(
  t: TestContext,
  env: Record<string, string> = {},
  email = 'admin@example.com',
): Promise<Console> {
  const con = await startConsole(env);
  t.after(() => con.close());
  await firstAdminByApi(con, email);
  return con;
}

/** Creates the first admin through the API (for scenarios that do not test the setup page). */
export async function firstAdminByApi(con: Console, email = 'admin@example.com'): Promise<void> {
  const response = await fetch(`${con.base}/3.0/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ admin_key: ADMIN_KEY, email, name: 'Ada Admin', password: PASSWORD }),
  });
  assert.equal(response.status, 201, await response.text());
}

/** Signs in through the sign-in page and waits for the shell. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The texts a field points at with aria-describedby (its description and its error message). */
export async function describedBy(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' | '),
  );
}
