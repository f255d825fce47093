/**
 * The dashboard, the custom report and the trafficback report in Chromium, on clicks and
 * postbacks sent by HTTP to the real server: the figures shown are the server's, the report's
 * slices, sort and totals live in the URL, CSV export writes the rows, and refused clicks appear
 * by reason. The report counts what was answered at least 5 seconds before, so the scenario waits
 * (by asking the API) until the data is countable before opening the pages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { adminConsole, assertAccessible, chromiumSkip, screenshot, type Console } from './browser.js';

const today = () => new Date().toISOString().slice(0, 10);

/** Asks the API until `ready` holds for its answer (the report's 5-second settling). */
async function until(con: Console, path: string, ready: (answer: any) => boolean) {
  let answer: any;
  for (let attempt = 0; attempt < 60; attempt++) {
    answer = await con.admin('GET', path);
    if (ready(answer)) return answer;
    await delay(500);
  }
  assert.fail(`${path} never got ready: ${JSON.stringify(answer)}`);
}

test('dashboard, statistics and trafficback show the server figures', { skip: chromiumSkip }, async (t) => {
  const con = await adminConsole(t);
  const advertiser = await con.admin<{ id: number }>('POST', '/3.0/admin/advertisers', { name: 'Shop Inc' });
  const affiliate = await con.admin<{ id: number }>('POST', '/3.0/admin/affiliates', { name: 'Ann Media' });
  const offer = await con.admin<{ id: number }>('POST', '/3.0/admin/offers', {
    title: 'Shop CPA',
    advertiser_id: advertiser.id,
    tracking_url: 'https://shop.example/?c={clickid}',
    payouts: [{ goal: '1', revenue: 10, payout: 6 }],
    caps: [{ period: 'day', type: 'conversions', value: 1 }],
  });
  const clickIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const click = await fetch(`${con.base}/click?offer_id=${offer.id}&pid=${affiliate.id}`, { redirect: 'manual' });
    assert.equal(click.status, 302);
    clickIds.push(new URL(click.headers.get('location') ?? '').searchParams.get('c') ?? '');
  }
  const postback = await fetch(`${con.base}/postback?clickid=${clickIds[0]}`);
  assert.equal(postback.status, 200, await postback.text());
  assert.equal((await fetch(`${con.base}/click?offer_id=999&pid=${affiliate.id}`, { redirect: 'manual' })).status, 404);
  const range = `filter[date_from]=${today()}&filter[date_to]=${today()}`;
  await until(con, `/3.0/stats/custom?slice=offer&${range}`, (a) =>
    a.stats.some((r: any) => r.slice.offer.id === offer.id && r.traffic.raw === '3' && r.actions.total.count === 1),
  );
  await until(con, `/3.0/stats/getbytrafficback?${range}`, (a) => a.stats.length === 1);

  const page = await con.signedIn();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const kpis = page.getByTestId('kpis');
  await kpis.getByText('Clicks').first().waitFor();
  assert.match((await kpis.textContent()) ?? '', /Clicks3/);
  await page.getByRole('table', { name: 'Top offers' }).getByText(`${offer.id} · Shop CPA`).waitFor();
  await page.getByRole('table', { name: 'Caps near their limit' }).getByText('1 (100%)').waitFor();
  await page.getByTestId('chart').waitFor();
  await assertAccessible(page, 'dashboard');
  await screenshot(page, 'dashboard');

  await page.goto(`/statistics?slice=offer,day&date_from=${today()}&date_to=${today()}&offer=${offer.id}`);
  const table = page.getByRole('table', { name: 'Statistics', exact: true });
  await table.getByText(`${offer.id} · Shop CPA`).waitFor();
  const row = table.locator('tbody tr').filter({ hasText: 'Shop CPA' });
  assert.match((await row.textContent()) ?? '', /USD3/);
  await page.getByRole('table', { name: 'Totals' }).getByText('USD').waitFor();
  await table.getByRole('button', { name: 'Clicks', exact: true }).click();
  await page.waitForURL(
    (url) => url.searchParams.get('order') === 'raw' && url.searchParams.get('orderType') === 'desc',
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await readFile((await (await download).path()) as string, 'utf8');
  const lines = csv.trim().split('\r\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^offer,day,currency,Clicks,/);
  assert.match(lines[1], new RegExp(`^${offer.id} · Shop CPA,${today()},USD,3,`));
  await assertAccessible(page, 'statistics');
  await screenshot(page, 'statistics');

  await page.getByRole('link', { name: 'Trafficback' }).click();
  await page.getByRole('table', { name: 'Trafficback' }).getByText('unknown-offer').waitFor();
  await assertAccessible(page, 'trafficback');
  await screenshot(page, 'trafficback');
});
