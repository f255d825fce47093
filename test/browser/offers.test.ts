/**
 * The offers screens in Chromium against the real server: an offer created through the editor,
 * its tracking URL's macros checked as they are typed (`{clikid}` suggests `{clickid}`), goal
 * values refused beside the field (by the rule as typed, and by the server for a repeat) and then
 * fixed, the tracking link builder, and the list with the offer's status.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminConsole, assertAccessible, chromiumSkip, describedBy, screenshot } from './browser.js';

test('an offer is created in the editor: macros checked as typed, goal refusals beside the field, then fixed', {
  skip: chromiumSkip,
}, async (t) => {
  const con = await adminConsole(t);
  const advertiser = await con.admin<{ id: number }>('POST', '/3.0/admin/advertisers', { name: 'Shop Inc' });
  const affiliate = await con.admin<{ id: number }>('POST', '/3.0/admin/affiliates', { name: 'Ann Media' });
  const page = await con.signedIn();
  await page.getByRole('link', { name: 'Offers' }).click();
  await page.getByRole('heading', { name: 'Offers' }).waitFor();
  await page.getByRole('link', { name: 'New offer' }).click();
  await page.getByRole('heading', { name: 'New offer' }).waitFor();

  await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Shop CPA');
  await page.getByRole('combobox', { name: 'Advertiser' }).click();
  await page.getByRole('option', { name: `${advertiser.id} · Shop Inc` }).click();

  // A mistyped macro is named as it is typed, with the nearest known one and a button to use it.
  const trackingUrl = page.getByRole('textbox', { name: 'Tracking URL' });
  await trackingUrl.fill('https://shop.example/land?click={clikid}&aff={pid}');
  await page.getByText('unknown macro {clikid} (did you mean {clickid}?)').waitFor();
  assert.match(await describedBy(trackingUrl), /did you mean \{clickid\}/);
  await page.getByRole('button', { name: 'Use {clickid} instead of {clikid}' }).click();
  assert.equal(await trackingUrl.inputValue(), 'https://shop.example/land?click={clickid}&aff={pid}');
  assert.doesNotMatch(await describedBy(trackingUrl), /unknown macro/);

  // A goal value with a space breaks the rule: said beside the field as it is typed.
  const goal1 = page.getByRole('group', { name: 'Goal 1' }).getByRole('textbox', { name: 'Goal value' });
  await goal1.fill('sale 1');
  assert.match(await describedBy(goal1), /may contain only letters, digits, "_" and "-"/);
  await goal1.fill('sale');
  await page.getByRole('button', { name: 'Add a goal' }).click();
  const goal2 = page.getByRole('group', { name: 'Goal 2' }).getByRole('textbox', { name: 'Goal value' });
  await goal2.fill('SALE');
  // A repeat (goal values are unique case-insensitively) is the server's refusal, shown on that field.
  const refused = page.waitForResponse((r) => r.url().endsWith('/3.0/admin/offers') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Create the offer' }).click();
  assert.equal((await refused).status(), 400);
  await page.getByText('"SALE" repeats goal "sale"', { exact: false }).waitFor();
  assert.match(await describedBy(goal2), /repeats goal "sale"/);
  assert.equal(await page.getByTestId('form-error').count(), 0);
  await assertAccessible(page, 'offer-editor-refused');
  await screenshot(page, 'offer-editor-refused');

  await goal2.fill('deposit');
  await page.getByRole('button', { name: 'Create the offer' }).click();
  await page.getByRole('heading', { name: /^Offer \d+: Shop CPA$/ }).waitFor();
  const offerId = Number(new URL(page.url()).pathname.split('/').pop());
  const stored = await con.admin<{ tracking_url: string; payouts: { goal: string }[] }>(
    'GET',
    `/3.0/admin/offers/${offerId}`,
  );
  assert.equal(stored.tracking_url, 'https://shop.example/land?click={clickid}&aff={pid}');
  assert.deepEqual(
    stored.payouts.map((p) => p.goal),
    ['sale', 'deposit'],
  );

  // The tracking link builder, for any affiliate.
  await page.getByRole('combobox', { name: 'Affiliate', exact: true }).click();
  await page.getByRole('option', { name: `${affiliate.id} · Ann Media` }).click();
  await page.getByRole('textbox', { name: 'sub1' }).fill('banner-7');
  const link = new URL((await page.getByTestId('tracking-link').textContent()) ?? '');
  assert.equal(link.pathname, '/click');
  assert.equal(link.searchParams.get('offer_id'), String(offerId));
  assert.equal(link.searchParams.get('pid'), String(affiliate.id));
  assert.equal(link.searchParams.get('sub1'), 'banner-7');
  await assertAccessible(page, 'offer-editor');
  await screenshot(page, 'offer-editor');

  await page.getByRole('link', { name: 'All offers' }).click();
  const row = page.locator(`tr[data-row-id="${offerId}"]`);
  await row.getByText('Shop CPA').waitFor();
  await row.getByText('active').waitFor();
  await assertAccessible(page, 'offers');
  await screenshot(page, 'offers');
});
