/**
 * Accounts and roles in Chromium: an admin invites a viewer from the accounts screen (the
 * one-time link shown) and reads the audit log; the viewer, signed in through that link, sees
 * no button that changes anything on the staff screens, cannot open the admin screens, and a
 * change sent from the page straight to the API is refused with 403.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminConsole, assertAccessible, chromiumSkip, PASSWORD, screenshot } from './browser.js';
import { click, network, postback, SECURE_TOKEN } from './fixtures.js';

/** Buttons that would change something (filters' "Apply" and paging change nothing). */
const CHANGES = /^(Get link|Save|Resend|Apply to \d+|Invite|Disable .*|Enable .*|New password link)$/;

test('an admin invites a viewer; the viewer sees no change button and the API refuses its change', {
  skip: chromiumSkip,
}, async (t) => {
  const con = await adminConsole(t);
  const net = await network(con);
  await con.admin('POST', `/3.0/admin/affiliates/${net.affiliate.id}/postbacks`, {
    url: 'http://127.0.0.1:9/pb?c={conversion_id}',
    method: 'GET',
  });
  const answer = await postback(con, { clickid: await click(con, net), action_id: 'v-1', secure: SECURE_TOKEN });
  const conversionId = answer.conversion_id as string;

  const admin = await con.signedIn();
  await admin.getByRole('link', { name: 'Accounts' }).click();
  await admin.getByRole('heading', { name: 'Invite a person' }).waitFor();
  await admin.getByRole('textbox', { name: 'Email', exact: true }).fill('vera@example.com');
  await admin.getByRole('textbox', { name: 'Name', exact: true }).fill('Vera Viewer');
  await admin.getByRole('combobox', { name: 'Role', exact: true }).click();
  await admin.getByRole('option', { name: 'Viewer' }).click();
  await admin.getByRole('button', { name: 'Invite', exact: true }).click();
  const linkField = admin.getByLabel(/One-time link for vera@example.com/);
  await linkField.waitFor();
  const invite = new URL(await linkField.inputValue());
  assert.equal(invite.pathname, '/accept');
  await admin.getByRole('table', { name: 'Accounts' }).getByText('invited').waitFor();
  await assertAccessible(admin, 'accounts');
  await screenshot(admin, 'accounts');
  // The list's page size lives in the URL, as every list's: a reload keeps it.
  await admin.getByRole('combobox', { name: 'Rows per page' }).click();
  await admin.getByRole('option', { name: '20', exact: true }).click();
  await admin.waitForURL((url) => url.searchParams.get('limit') === '20');
  await admin.reload();
  await admin.getByRole('table', { name: 'Accounts' }).getByText('invited').waitFor();
  assert.equal(await admin.getByRole('combobox', { name: 'Rows per page' }).inputValue(), '20');

  await admin.getByRole('link', { name: 'Audit log' }).click();
  const audit = admin.getByRole('table', { name: 'Audit log' });
  await audit.getByRole('cell', { name: 'users', exact: true }).first().waitFor();
  await assertAccessible(admin, 'audit log');
  await screenshot(admin, 'audit');

  const viewer = await con.open(invite.pathname + invite.search);
  await viewer.getByLabel('New password').fill(PASSWORD);
  await viewer.getByLabel('Repeat the password').fill(PASSWORD);
  await viewer.getByRole('button', { name: 'Set the password and sign in' }).click();
  await viewer.getByTestId('who').filter({ hasText: 'Vera Viewer · viewer' }).waitFor();
  assert.equal(await viewer.getByRole('link', { name: 'Accounts' }).count(), 0);
  assert.equal(await viewer.getByRole('link', { name: 'Audit log' }).count(), 0);

  const noChangeButton = async (screen: string) => {
    await assertAccessible(viewer, `${screen} (viewer)`);
    const buttons = await viewer.getByRole('button').allTextContents();
    assert.deepEqual(
      buttons.filter((name) => CHANGES.test(name.trim())),
      [],
      `${screen}: buttons ${buttons.join(', ')}`,
    );
  };
  await viewer.getByRole('link', { name: 'Server postbacks' }).click();
  await viewer.getByRole('table', { name: 'Server postbacks' }).getByText('v-1').waitFor();
  await noChangeButton('server postbacks');
  await viewer.getByRole('link', { name: 'Conversions' }).click();
  await viewer.getByRole('link', { name: conversionId }).waitFor();
  assert.equal(await viewer.getByRole('checkbox').count(), 0, 'no row selection for a viewer');
  await noChangeButton('conversions');
  await viewer.getByRole('link', { name: 'Affiliate postbacks' }).click();
  await viewer.getByRole('table', { name: 'Affiliate postbacks' }).getByRole('link', { name: conversionId }).click();
  await viewer.getByRole('heading', { name: `Conversion ${conversionId}` }).waitFor();
  await viewer
    .getByTestId('delivery')
    .getByText(/GET http:\/\/127.0.0.1:9\/pb/)
    .waitFor();
  await noChangeButton('conversion story');
  await screenshot(viewer, 'conversion-story-viewer');

  // The admin screens are not reachable by address either.
  await viewer.goto('/accounts');
  await viewer.waitForURL((url) => url.pathname === '/');

  // A change sent from the page, with the session's own CSRF token, is refused by the server.
  const status = await viewer.evaluate(async (id) => {
    const me = await (await fetch('/3.0/auth/me')).json();
    const response = await fetch(`/3.0/admin/conversions/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
      body: JSON.stringify({ status: 'declined' }),
    });
    return response.status;
  }, conversionId);
  assert.equal(status, 403);
  const unchanged = await con.admin('GET', `/3.0/admin/conversions/${conversionId}`);
  assert.equal(unchanged.status, 'approved');
});
