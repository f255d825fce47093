/**
 * The console's doors, in Chromium against the real server: the first admin created with the
 * admin key through the setup page, an invitation accepted, and wrong passwords locked out with
 * the server's own 429 text on the page. Each screen passes axe-core and leaves a screenshot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY } from '../helpers/harness.js';
import {
  adminConsole,
  assertAccessible,
  chromiumSkip,
  describedBy,
  PASSWORD,
  screenshot,
  startConsole,
} from './browser.js';

test('the first admin is created with the admin key through the setup page', { skip: chromiumSkip }, async (t) => {
  const con = await startConsole();
  t.after(() => con.close());
  const page = await con.open('/');
  // No account yet: every way in leads to the setup page.
  await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/setup');
  await assertAccessible(page, 'setup');
  await screenshot(page, 'setup');

  await page.getByLabel('Admin key').fill('not-the-admin-key');
  await page.getByLabel('Your name').fill('Ada Admin');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create the admin and sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Unauthorized' }).waitFor();

  await page.getByLabel('Admin key').fill(ADMIN_KEY);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create the admin and sign in' }).click();
  // The server's refusal names the field: shown under it, not as a banner.
  const passwordField = page.getByRole('textbox', { name: 'Password', exact: true });
  await page.getByText('must NOT have fewer than 10 characters').waitFor();
  assert.match(await describedBy(passwordField), /must NOT have fewer than 10 characters/);
  assert.equal(await page.getByTestId('form-error').count(), 0);

  await passwordField.fill(PASSWORD);
  await page.getByRole('button', { name: 'Create the admin and sign in' }).click();
  await page.getByTestId('who').filter({ hasText: 'Ada Admin · admin' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await assertAccessible(page, 'dashboard');
  await screenshot(page, 'shell');

  // Once an account exists, the setup page sends people to sign in, and the API refuses a second setup.
  const other = await con.open('/setup');
  await other.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(new URL(other.url()).pathname, '/sign-in');
});

test('an invited person sets a password on the invitation page and is signed in', { skip: chromiumSkip }, async (t) => {
  const con = await adminConsole(t);
  const invited = await con.admin<{ invite_url: string }>('POST', '/3.0/admin/users', {
    email: 'vera@example.com',
    name: 'Vera Viewer',
    role: 'viewer',
  });
  const link = new URL(invited.invite_url);
  assert.equal(link.pathname, '/accept');
  const page = await con.open(link.pathname + link.search);
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await assertAccessible(page, 'accept');
  await screenshot(page, 'accept');
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Repeat the password').fill(`${PASSWORD}!`);
  await page.getByRole('button', { name: 'Set the password and sign in' }).click();
  await page.getByText('The two passwords differ').waitFor();
  await page.getByLabel('Repeat the password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set the password and sign in' }).click();
  await page.getByTestId('who').filter({ hasText: 'Vera Viewer · viewer' }).waitFor();
  // A viewer's navigation has no admin entries.
  assert.equal(await page.getByRole('link', { name: 'Accounts' }).count(), 0);

  // The link worked once.
  const again = await con.open(link.pathname + link.search);
  await again.getByLabel('New password').fill(PASSWORD);
  await again.getByLabel('Repeat the password').fill(PASSWORD);
  await again.getByRole('button', { name: 'Set the password and sign in' }).click();
  await again.getByRole('alert').filter({ hasText: 'not found' }).waitFor();
});

test('wrong passwords lock the sign-in out, with the server text on the page', { skip: chromiumSkip }, async (t) => {
  const con = await adminConsole(t, {}, 'ada@example.com');
  const page = await con.open('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await assertAccessible(page, 'sign-in');
  await screenshot(page, 'sign-in');
  await page.getByLabel('Email').fill('ada@example.com');
  const alert = page.getByRole('alert');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(`wrong password ${attempt}`);
    const answered = page.waitForResponse((response) => response.url().endsWith('/3.0/auth/login'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.equal((await answered).status(), 401);
    await alert.filter({ hasText: 'Wrong email or password' }).waitFor();
  }
  // The sixth attempt is refused even with the right password.
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await alert.filter({ hasText: /^Too many attempts, try again in \d+ minutes?$/ }).waitFor();
  await screenshot(page, 'sign-in-locked');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
});

test('signing in with the keyboard alone, and out again', { skip: chromiumSkip }, async (t) => {
  const con = await adminConsole(t, {}, 'ada@example.com');
  const page = await (await con.context()).newPage();
  // A deep link survives the detour through the sign-in page.
  await page.goto('/logs/server-postbacks?search=ord');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // The email field has the focus; Tab reaches the password; Enter signs in.
  await page.getByLabel('Email').and(page.locator(':focus')).waitFor();
  await page.keyboard.type('ada@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.waitForURL((url) => url.pathname === '/logs/server-postbacks' && url.search === '?search=ord');
  // In the shell, the first Tab offers to skip the navigation.
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const me = await page.evaluate(async () => (await fetch('/3.0/auth/me')).status);
  assert.equal(me, 401);
});
