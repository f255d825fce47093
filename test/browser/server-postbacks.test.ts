/**
 * The server postbacks log in Chromium (seed 003): a click and postbacks sent by HTTP appear;
 * a partial search finds `order-1001` by `ord`; a row's parameters and response open; a hidden
 * column, the search and the page size (both in the URL) stay after a reload; a filter the API
 * refuses shows its message by the field; "Get link" gives a link that a fresh browser opens
 * without signing in, the secure token shown as ***.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminConsole, assertAccessible, chromiumSkip, describedBy, screenshot, signIn } from './browser.js';
import { click, network, postback, SECURE_TOKEN } from './fixtures.js';

test('server postbacks log: rows, partial search, details, columns, errors, Get link', {
  skip: chromiumSkip,
}, async (t) => {
  const con = await adminConsole(t);
  const net = await network(con);
  const clickid = await click(con, net);
  const accepted = await postback(con, { clickid, action_id: 'order-1001', goal: '1', secure: SECURE_TOKEN });
  assert.equal(accepted.status, 1);
  const refused = await postback(con, { clickid: '0123456789abcdef01234567', action_id: 'other-7' });
  assert.equal(refused.status, 2);

  const context = await con.context();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await signIn(page, 'admin@example.com');
  await page.getByRole('link', { name: 'Server postbacks' }).click();
  await page.getByRole('heading', { name: 'Server postbacks' }).waitFor();
  await page.getByTestId('table-total').filter({ hasText: '2 rows' }).waitFor();
  const table = page.getByRole('table', { name: 'Server postbacks' });
  await table.getByText(clickid).waitFor();
  await assertAccessible(page, 'server postbacks');
  await screenshot(page, 'server-postbacks');

  // Partial search over the parameters' values, kept in the URL.
  await page.getByLabel('Search in parameters').fill('ord');
  await page.getByLabel('Search in parameters').press('Enter');
  await page.waitForURL((url) => url.searchParams.get('search') === 'ord');
  await page.getByTestId('table-total').filter({ hasText: '1 row' }).waitFor();
  await table.getByText('order-1001').waitFor();
  assert.equal(await table.getByText('other-7').count(), 0);

  // A row's parameters and the answer its sender got.
  await table.getByRole('button', { name: /parameters/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Server postback' });
  await dialog.getByRole('cell', { name: 'order-1001' }).waitFor();
  await dialog.getByRole('cell', { name: SECURE_TOKEN }).waitFor();
  await dialog.getByText('status:1').first().waitFor();
  await assertAccessible(page, 'server postback detail');
  await screenshot(page, 'server-postback-detail');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // "Edit columns": IP hidden, and still hidden after a reload.
  assert.equal(await table.getByRole('columnheader', { name: 'IP', exact: true }).count(), 1);
  await page.getByRole('button', { name: 'Edit columns' }).click();
  await page.getByRole('checkbox', { name: 'IP', exact: true }).uncheck();
  await page.keyboard.press('Escape');
  await table.getByRole('columnheader', { name: 'IP', exact: true }).waitFor({ state: 'detached' });
  // The page size goes into the URL beside the search: a reload keeps both, and the columns.
  await page.getByRole('combobox', { name: 'Rows per page' }).click();
  await page.getByRole('option', { name: '20', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('limit') === '20' && url.searchParams.get('search') === 'ord');
  await page.reload();
  await table.getByText('order-1001').waitFor();
  assert.equal(await page.getByLabel('Search in parameters').inputValue(), 'ord');
  assert.equal(await page.getByRole('combobox', { name: 'Rows per page' }).inputValue(), '20');
  assert.equal(await page.getByTestId('table-total').textContent(), '1 row');
  assert.equal(await table.getByRole('columnheader', { name: 'IP', exact: true }).count(), 0);
  assert.equal(await table.getByRole('columnheader', { name: 'Action ID', exact: true }).count(), 1);

  // A filter the API refuses: its message is shown by that field.
  await page.getByLabel('From', { exact: true }).fill('2026-12-31');
  await page.getByLabel('To', { exact: true }).fill('2026-01-01');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('must not be before date_from').waitFor();
  assert.match(await describedBy(page.getByLabel('To', { exact: true })), /must not be before date_from/);
  await page.goBack();
  await table.getByText('order-1001').waitFor();

  // "Get link", copied, then opened in a fresh browser without signing in.
  await page.getByRole('button', { name: 'Get link' }).click();
  const share = page.getByRole('dialog', { name: 'Share this log' });
  const linkField = share.getByLabel('Link');
  await share.getByRole('button', { name: 'Copy' }).and(page.locator(':enabled')).waitFor();
  const link = await linkField.inputValue();
  assert.match(link, /\/share\/[\w-]+$/);
  await share.getByRole('button', { name: 'Copy' }).click();
  await share.getByRole('button', { name: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await screenshot(page, 'get-link');

  const shared = await con.open(new URL(link).pathname);
  await shared.getByRole('heading', { name: 'Shared log' }).waitFor();
  const params = shared.getByTestId('shared-params');
  await params.filter({ hasText: 'action_id=order-1001' }).waitFor();
  assert.equal(await params.count(), 1, 'the link keeps the search');
  const text = await params.textContent();
  assert.match(text ?? '', /secure=\*\*\*/);
  assert.doesNotMatch(text ?? '', new RegExp(SECURE_TOKEN));
  assert.equal(await shared.getByRole('button', { name: 'Sign out' }).count(), 0);
  await assertAccessible(shared, 'shared log');
  await screenshot(shared, 'shared-log');
});
