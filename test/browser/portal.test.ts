/**
 * The affiliate portal in Chromium against the real server and a real local receiver: an
 * affiliate account builds a tracking link, creates a global tracking event excluding one offer
 * (a conversion on another offer fires it and the log shows the delivery; one on the excluded
 * offer does not), reads its statistics (chart, CSV) and conversions, cannot open another
 * affiliate's conversion, tests a postback URL and makes a new key; no advertiser money reaches
 * the page or any answer it received. Then, with private addresses refused, a test postback is
 * blocked and sends nothing, and staff view the portal as the affiliate, read-only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startDeliveryWorker } from '../../src/outbound/worker.js';
import { startSink } from '../helpers/sink.js';
import {
  adminConsole,
  assertAccessible,
  chromiumSkip,
  type Console,
  firstAdminByApi,
  PASSWORD,
  screenshot,
  signIn,
  startConsole,
} from './browser.js';
import { click, network, postback, SECURE_TOKEN } from './fixtures.js';

/** The advertiser's revenue per conversion: it must never reach the affiliate's page. */
const REVENUE = '93.17';
const MONEY_WORDS = /revenue|charge|earning|profit/i;

/** An `affiliate` account for the affiliate, its password set through its invitation. */
async function affiliateAccount(con: Console, affiliateId: number, email: string): Promise<void> {
  const invited = await con.admin<{ invite_url: string }>('POST', '/3.0/admin/users', {
    email,
    name: 'Alice Affiliate',
    role: 'affiliate',
    affiliate_id: affiliateId,
  });
  const token = new URL(invited.invite_url).searchParams.get('token');
  const accepted = await fetch(`${con.base}/3.0/auth/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: PASSWORD }),
  });
  assert.equal(accepted.status, 200, await accepted.text());
}

/** Every API answer the page receives, as text. */
function recordAnswers(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', async (response) => {
    if (!new URL(response.url()).pathname.startsWith('/3.0/')) return;
    bodies.push(await response.text().catch(() => ''));
  });
  return bodies;
}

/** The page shows no advertiser money: no revenue value, no money word. */
async function assertNoAdvertiserMoney(page: Page, screen: string): Promise<void> {
  const text = (await page.locator('body').textContent()) ?? '';
  assert.equal(text.includes(REVENUE), false, `${screen}: shows the advertiser's revenue`);
  assert.doesNotMatch(text, MONEY_WORDS, `${screen}: names advertiser money`);
}

async function checkScreen(page: Page, name: string): Promise<void> {
  // Judged at rest: not with the pointer hovering the link just clicked.
  await page.mouse.move(1270, 790);
  await assertAccessible(page, name);
  await assertNoAdvertiserMoney(page, name);
  await screenshot(page, name);
}

test('an affiliate runs its links, tracking events, statistics, conversions, postbacks and key', {
  skip: chromiumSkip,
}, async (t) => {
  const sink = await startSink();
  const con = await startConsole();
  const worker = startDeliveryWorker(con.tp.ctx);
  t.after(async () => {
    await worker.stop();
    await con.close();
    await sink.close();
  });
  await firstAdminByApi(con);
  const payouts = [{ goal: '1', title: 'Sale', revenue: Number(REVENUE), payout: 7 }];
  const net = await network(con, { payouts });
  const excluded = await con.admin('POST', '/3.0/admin/offers', {
    title: 'Winter clearance',
    advertiser_id: net.advertiser.id,
    tracking_url: 'https://shop.example/winter?click={clickid}',
    secure_token: SECURE_TOKEN,
    payouts,
  });
  const other = await con.admin('POST', '/3.0/admin/affiliates', { name: 'Other Traffic' });
  const theirs = await postback(con, {
    clickid: await click(con, { ...net, affiliate: other }),
    secure: SECURE_TOKEN,
  });
  await affiliateAccount(con, net.affiliate.id, 'alice@example.com');

  const page = await (await con.context()).newPage();
  const answers = recordAnswers(page);
  await signIn(page, 'alice@example.com');
  await page.waitForURL((url) => url.pathname === '/portal');

  // Offers and the tracking link builder.
  await page.getByRole('link', { name: 'Acme spring sale', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Winter clearance', exact: true }).waitFor();
  await checkScreen(page, 'portal-offers');
  await page.getByRole('link', { name: 'Acme spring sale', exact: true }).click();
  await page.getByLabel('sub1').fill('spring-campaign');
  await page.getByLabel('sub3').fill('banner 2');
  const link = page.getByTestId('tracking-link');
  await page.waitForFunction(() =>
    (document.querySelector('[data-testid="tracking-link"]') as HTMLInputElement | null)?.value.includes('sub3='),
  );
  assert.equal(
    await link.inputValue(),
    `${con.base}/click?offer_id=${net.offer.id}&pid=${net.affiliate.id}&sub1=spring-campaign&sub3=banner+2`,
  );
  await page.getByRole('button', { name: 'Copy link' }).waitFor();
  await checkScreen(page, 'portal-offer-link');

  // A global tracking event excluding the winter offer; the macro is checked as typed.
  await page.getByRole('link', { name: 'Tracking events' }).click();
  await page.getByRole('button', { name: 'New tracking event' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Excluded offers').click();
  await page.getByRole('option', { name: `Winter clearance #${excluded.id}` }).click();
  await dialog.getByRole('checkbox', { name: 'Approved' }).check();
  await dialog.getByRole('checkbox', { name: 'Pending' }).check();
  const url = dialog.getByLabel('URL (GET)');
  await url.fill(`${sink.url}/te?c={clikid}`);
  await dialog.getByText('unknown macro {clikid} (did you mean {clickid}?)').waitFor();
  await url.fill(`${sink.url}/te?c={clickid}&s={status_name}`);
  await assertAccessible(page, 'portal-tracking-event-form');
  await dialog.getByRole('button', { name: 'Create tracking event' }).click();
  await page.getByText('Never fired').waitFor();

  // A conversion on the excluded offer, then one on the other offer: only the second fires.
  const skipped = await postback(con, {
    clickid: await click(con, { ...net, offer: excluded }),
    secure: SECURE_TOKEN,
  });
  const fired = await postback(con, { clickid: await click(con, net), secure: SECURE_TOKEN });
  const delivered = await sink.waitFor((request) => request.url.startsWith('/te'));
  const today = new Date().toISOString().slice(0, 10);
  const log = await con.admin(
    'GET',
    `/3.0/stats/affiliatepostbacks?type=tracking_event&date_from=${today}&date_to=${today}`,
  );
  assert.deepEqual(
    log.postbacks.map((row: { conversion_id: string }) => row.conversion_id),
    [fired.conversion_id],
  );
  assert.notEqual(skipped.conversion_id, fired.conversion_id);
  assert.match(delivered.url, /^\/te\?c=[0-9a-f]+&s=approved$/);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByText(`conversion ${fired.conversion_id}`).waitFor();
  await checkScreen(page, 'portal-tracking-events');

  // The outbound log shows the delivery with its HTTP code and attempts.
  await page.getByRole('link', { name: 'Outbound log' }).click();
  const logTable = page.getByRole('table', { name: 'Outbound log' });
  await logTable.getByText(fired.conversion_id as string).waitFor();
  await logTable.getByText('delivered').waitFor();
  assert.equal(await logTable.getByText(skipped.conversion_id as string).count(), 0);
  await checkScreen(page, 'portal-outbound-log');

  // Conversions: its own two; another affiliate's id in the URL is not found.
  await page.getByRole('link', { name: 'Conversions' }).click();
  const conversions = page.getByRole('table', { name: 'Conversions' });
  await conversions.getByText(fired.conversion_id as string).waitFor();
  await conversions.getByText(skipped.conversion_id as string).waitFor();
  await checkScreen(page, 'portal-conversions');
  await page.goto(`/portal/conversions/${theirs.conversion_id}`);
  await page.getByRole('heading', { name: 'Not found' }).waitFor();
  await screenshot(page, 'portal-conversion-not-found');
  await page.goto(`/portal/conversions/${fired.conversion_id}`);
  await page.getByRole('heading', { name: `Conversion ${fired.conversion_id}` }).waitFor();
  await page.getByRole('cell', { name: '7 USD' }).waitFor();

  // A test postback shows the receiver's answer; the postback is saved.
  sink.respond((request) => (request.url.startsWith('/hello') ? { status: 201, body: 'hello from the receiver' } : {}));
  await page.getByRole('link', { name: 'Postbacks' }).click();
  await page.getByRole('button', { name: 'Add postback' }).click();
  await page.getByRole('dialog').getByLabel('Postback URL').fill(`${sink.url}/hello?c={clickid}`);
  await page.getByRole('button', { name: 'Send a test postback' }).click();
  const answer = page.getByTestId('test-answer');
  await answer.getByText('Receiver answered HTTP 201').waitFor();
  await answer.getByText('hello from the receiver').waitFor();
  assert.equal((await sink.waitFor((request) => request.url.startsWith('/hello'))).url, '/hello?c=test-click-id');
  await assertAccessible(page, 'portal-postback-form');
  await screenshot(page, 'portal-postback-test');
  await page.getByRole('dialog').getByRole('button', { name: 'Add postback' }).click();
  await page.getByRole('table', { name: 'Postbacks' }).getByText('Global').waitFor();
  await checkScreen(page, 'portal-postbacks');

  // A new API key, shown once, works at once.
  await page.getByRole('link', { name: 'API key' }).click();
  await page.getByRole('button', { name: 'Make a new key' }).click();
  const key = (await page.getByTestId('new-key').textContent()) ?? '';
  const withKey = await fetch(`${con.base}/3.0/partner/offers`, { headers: { 'api-key': key } });
  assert.equal(withKey.status, 200);
  const oldKey = await fetch(`${con.base}/3.0/partner/offers`, { headers: { 'api-key': net.affiliate.api_key } });
  assert.equal(oldKey.status, 401);
  await checkScreen(page, 'portal-api-key');

  // Statistics by day: a chart, the table, and the CSV.
  // Reports count what was answered a few seconds ago: reload until the day's row is there.
  await page.getByRole('link', { name: 'Statistics' }).click();
  const chart = page.getByTestId('chart').locator('canvas');
  const empty = page.getByText('No clicks or conversions');
  // The chart (loaded on demand) or the answer that there is nothing yet: then reload if empty.
  for (let tries = 0; ; tries++) {
    await chart.or(empty).waitFor();
    if ((await chart.count()) > 0) break;
    assert.ok(tries < 60, 'the statistics never showed the conversions');
    await page.reload();
  }
  await checkScreen(page, 'portal-statistics');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await download).createReadStream();
  let text = '';
  for await (const chunk of csv) text += chunk;
  const [header, row] = text.split('\r\n');
  assert.equal(
    header,
    'Day,Currency,Clicks,Unique,Conversions,Approved,Pending,Declined,Hold,CR %,EPC,Your payout,Approved payout',
  );
  assert.match(row, /^\d{4}-\d{2}-\d{2},USD,2,\d,2,/);

  // No answer the page received carried the advertiser's money.
  assert.ok(answers.length > 10);
  for (const body of answers) {
    assert.equal(body.includes(REVENUE), false, `an answer carried the revenue: ${body.slice(0, 200)}`);
    assert.doesNotMatch(
      body,
      /"(charge|earning|profit|sum|income)":/,
      `an answer carried advertiser money: ${body.slice(0, 200)}`,
    );
  }
});

test('a test postback to a private address is blocked; staff view the portal as the affiliate, read-only', {
  skip: chromiumSkip,
}, async (t) => {
  const sink = await startSink();
  t.after(() => sink.close());
  const con = await adminConsole(t, { OUTBOUND_ALLOW_PRIVATE: 'false' }, 'ada@example.com');
  const net = await network(con);
  await affiliateAccount(con, net.affiliate.id, 'alice@example.com');

  const page = await con.signedIn('alice@example.com');
  await page.getByRole('link', { name: 'Postbacks' }).click();
  await page.getByRole('button', { name: 'Add postback' }).click();
  await page.getByRole('dialog').getByLabel('Postback URL').fill(`${sink.url}/private`);
  await page.getByRole('button', { name: 'Send a test postback' }).click();
  await page.getByTestId('test-answer').getByText('Not delivered: Blocked address').waitFor();
  await screenshot(page, 'portal-postback-blocked');
  assert.equal(sink.requests.length, 0);

  // Staff: "view as affiliate" marks the session; the portal says so, offers no change, and goes back.
  const staff = await con.signedIn('ada@example.com');
  await staff.goto(`/affiliates/${net.affiliate.id}`);
  await staff.getByRole('button', { name: 'View as affiliate (read-only)' }).click();
  await staff.waitForURL((url) => url.pathname === '/portal');
  await staff.getByTestId('viewing-as').getByText('Best Traffic').waitFor();
  await staff.getByRole('link', { name: 'Acme spring sale', exact: true }).waitFor();
  await checkScreen(staff, 'portal-viewed-by-staff');
  await staff.getByRole('link', { name: 'API key' }).click();
  assert.equal(await staff.getByRole('button', { name: 'Make a new key' }).isDisabled(), true);
  await staff.getByRole('button', { name: 'Back to staff' }).click();
  await staff.getByTestId('who').filter({ hasText: 'Ada Admin · admin' }).waitFor();
  const audit = await con.admin('GET', `/3.0/admin/audit?entity=affiliates&entity_id=${net.affiliate.id}`);
  assert.deepEqual(
    audit.audit.slice(0, 2).map((row: { action: string }) => row.action),
    ['back from affiliate', 'sign in as affiliate'],
  );
});
