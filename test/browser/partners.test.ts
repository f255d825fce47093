/**
 * Advertisers and affiliates in Chromium against the real server: an advertiser created in its
 * dialog; an affiliate created (its API key shown once), given a postback (its URL's macros
 * checked as typed: advertiser money is refused in an affiliate's URL) and a tracking event,
 * banned, and given a new key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminConsole, assertAccessible, chromiumSkip, describedBy, screenshot } from './browser.js';

test('advertisers and affiliates: create, postbacks, tracking events, ban, new key', {
  skip: chromiumSkip,
}, async (t) => {
  const con = await adminConsole(t);
  const page = await con.signedIn();

  await page.getByRole('link', { name: 'Advertisers' }).click();
  await page.getByRole('button', { name: 'New advertiser' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Shop Inc');
  await dialog.getByRole('textbox', { name: 'Secure token' }).fill('s3cret');
  await dialog.getByRole('button', { name: 'Create the advertiser' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('table', { name: 'Advertisers' }).getByText('Shop Inc').waitFor();
  const advertisers = await con.admin<{ advertisers: { name: string; secure_token: string }[] }>(
    'GET',
    '/3.0/admin/advertisers',
  );
  assert.deepEqual(
    advertisers.advertisers.map((a) => [a.name, a.secure_token]),
    [['Shop Inc', 's3cret']],
  );
  await assertAccessible(page, 'advertisers');
  await screenshot(page, 'advertisers');

  await page.getByRole('link', { name: 'Affiliates' }).click();
  await page.getByRole('button', { name: 'New affiliate' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).fill('Ann Media');
  await page.getByRole('button', { name: 'Create the affiliate' }).click();
  const key = await page.getByRole('textbox', { name: 'API key' }).inputValue();
  assert.ok(key.length >= 20, key);
  // The key works on the affiliate API.
  assert.equal((await fetch(`${con.base}/3.0/partner/tracking-events`, { headers: { 'api-key': key } })).status, 200);
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('table', { name: 'Affiliates' }).getByText('Ann Media').click();
  await page.getByRole('heading', { name: /^Affiliate \d+: Ann Media$/ }).waitFor();
  const affiliateId = Number(new URL(page.url()).pathname.split('/').pop());

  await page.getByRole('button', { name: 'Add postback' }).click();
  const url = dialog.getByRole('textbox', { name: 'Postback URL' });
  await url.fill('https://ann.example/pb?c={clickid}&r={revenue}');
  assert.match(await describedBy(url), /allowed in cross-postback URLs only/);
  await url.fill('https://ann.example/pb?c={clickid}&p={payout}');
  await dialog.getByRole('button', { name: 'Add postback' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page
    .getByRole('table', { name: 'Postbacks' })
    .getByText('https://ann.example/pb?c={clickid}&p={payout}')
    .waitFor();

  await page.getByRole('button', { name: 'New tracking event' }).click();
  await dialog.getByRole('checkbox', { name: 'Approved' }).check();
  await dialog.getByRole('textbox', { name: 'URL (GET)' }).fill('https://ann.example/te?c={clickid}');
  await dialog.getByRole('button', { name: 'Create tracking event' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('table', { name: 'Tracking events' }).getByText('https://ann.example/te?c={clickid}').waitFor();
  await assertAccessible(page, 'affiliate');
  await screenshot(page, 'affiliate');

  await page.getByRole('button', { name: 'Ban the affiliate' }).click();
  await page.getByRole('button', { name: 'Lift the ban' }).waitFor();
  assert.equal((await con.admin<{ status: string }>('GET', `/3.0/admin/affiliates/${affiliateId}`)).status, 'banned');

  await page.getByRole('button', { name: 'Make a new API key' }).click();
  const fresh = await page.getByRole('textbox', { name: 'New API key' }).inputValue();
  assert.notEqual(fresh, key);
  assert.equal((await fetch(`${con.base}/3.0/partner/tracking-events`, { headers: { 'api-key': key } })).status, 401);

  await page.getByRole('link', { name: 'All affiliates' }).click();
  await page.getByRole('table', { name: 'Affiliates' }).getByText('banned').waitFor();
  await assertAccessible(page, 'affiliates');
  await screenshot(page, 'affiliates');
});
