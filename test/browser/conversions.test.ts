/**
 * Conversions in Chromium: three conversions declined in bulk from the list, their new
 * deliveries in the affiliate postbacks log (delivered to a real local receiver), and one
 * conversion's story: its click, the postback received, each delivery with its attempts, resend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeliveryWorker } from '../../src/outbound/worker.js';
import { startSink } from '../helpers/sink.js';
import { assertAccessible, chromiumSkip, firstAdminByApi, screenshot, startConsole } from './browser.js';
import { click, network, postback, SECURE_TOKEN } from './fixtures.js';

test('three conversions declined in bulk; their deliveries in the affiliate postbacks log; a conversion story', {
  skip: chromiumSkip,
}, async (t) => {
  const sink = await startSink();
  const con = await startConsole({ DELIVERY_BACKOFF: '50ms' });
  const worker = startDeliveryWorker(con.tp.ctx);
  t.after(async () => {
    await worker.stop();
    await con.close();
    await sink.close();
  });
  await firstAdminByApi(con);
  const net = await network(con);
  await con.admin('POST', `/3.0/admin/affiliates/${net.affiliate.id}/postbacks`, {
    url: `${sink.url}/pb?conversion={conversion_id}&status={status}`,
    method: 'GET',
  });
  const ids: string[] = [];
  for (const order of ['a-1', 'a-2', 'a-3']) {
    const answer = await postback(con, { clickid: await click(con, net), action_id: order, secure: SECURE_TOKEN });
    assert.equal(answer.status, 1);
    ids.push(answer.conversion_id as string);
  }
  await sink.waitForCount(3, undefined, 30_000);

  const page = await con.signedIn();
  await page.getByRole('link', { name: 'Conversions' }).click();
  await page.getByTestId('table-total').filter({ hasText: '3 rows' }).waitFor();
  await assertAccessible(page, 'conversions');
  await page.getByRole('checkbox', { name: 'Select every row of this page' }).check();
  await page.getByTestId('selected-count').filter({ hasText: '3 selected' }).waitFor();
  await page.getByRole('combobox', { name: 'New status' }).click();
  await page.getByRole('option', { name: 'Declined' }).click();
  await assertAccessible(page, 'conversions with a selection');
  await screenshot(page, 'conversions-bulk');
  await page.getByRole('button', { name: 'Apply to 3' }).click();
  await page.getByTestId('bulk-result').filter({ hasText: '3 changed' }).waitFor();
  for (const id of ids) {
    const row = page.locator(`tr[data-row-id="${id}"]`);
    await row.getByRole('cell', { name: 'declined', exact: true }).waitFor();
  }
  // Each status change is an event: a new delivery per conversion, received by the affiliate.
  await sink.waitForCount(6, undefined, 30_000);

  await page.getByRole('link', { name: 'Affiliate postbacks' }).click();
  await page.getByTestId('table-total').filter({ hasText: '6 rows' }).waitFor();
  await page.getByRole('combobox', { name: 'Conversion status' }).click();
  await page.getByRole('option', { name: 'Declined' }).click();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL((url) => url.searchParams.get('status') === 'declined');
  await page.getByTestId('table-total').filter({ hasText: '3 rows' }).waitFor();
  const log = page.getByRole('table', { name: 'Affiliate postbacks' });
  for (const id of ids) await log.getByRole('link', { name: id }).waitFor();
  assert.equal(await log.getByRole('cell', { name: 'approved' }).count(), 0);
  await assertAccessible(page, 'affiliate postbacks');
  await screenshot(page, 'affiliate-postbacks');

  // One conversion's story, reached from the log.
  await log.getByRole('link', { name: ids[0] }).click();
  await page.getByRole('heading', { name: `Conversion ${ids[0]}` }).waitFor();
  await page.getByTestId('conversion-status').filter({ hasText: 'declined' }).waitFor();
  await page
    .getByRole('table', { name: 'Postbacks received' })
    .getByText(/action_id=a-1/)
    .waitFor();
  const deliveries = page.getByTestId('delivery');
  await deliveries.filter({ hasText: 'on declined' }).waitFor();
  assert.equal(await deliveries.count(), 2);
  const declinedDelivery = deliveries.filter({ hasText: 'on declined' });
  await declinedDelivery.getByRole('cell', { name: '200' }).waitFor();
  await assertAccessible(page, 'conversion story');
  await screenshot(page, 'conversion-story');
  await declinedDelivery.getByRole('button', { name: 'Resend' }).click();
  await declinedDelivery.getByText('Queued again').waitFor();
  await sink.waitForCount(7, undefined, 30_000);
});
