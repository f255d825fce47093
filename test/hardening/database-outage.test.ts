/**
 * PostgreSQL going away under load (as in a restart): /click and /postback answer 503 while it
 * is gone, never a 500 and never an acknowledgement of something not stored; /ready says not
 * ready; and Trackpost serves again by itself within seconds of the database's return. The
 * database is cut by a TCP proxy in front of the shared server (test/helpers/tcp-cut.ts), so the
 * server others use is never restarted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { startTcpCut } from '../helpers/tcp-cut.js';
import { insertClick, seedWorld, type World } from '../tracking/fixtures.js';

const BASE = process.env.TEST_DATABASE_URL;

interface Tally {
  clicks: string[];
  conversions: string[];
  statuses: Map<number, number>;
}

async function clickOnce(app: TestApp, world: World, tally: Tally): Promise<number> {
  const response = await app.app.inject({
    method: 'GET',
    url: `/click?offer_id=${world.offer.id}&pid=${world.affiliate.id}`,
  });
  const clickid = /[?&]c=([0-9a-f]{24})/.exec(String(response.headers.location ?? ''))?.[1];
  if (response.statusCode === 302 && clickid) tally.clicks.push(clickid);
  if (response.statusCode === 503) assert.ok(response.headers['retry-after'], 'a 503 says when to retry');
  tally.statuses.set(response.statusCode, (tally.statuses.get(response.statusCode) ?? 0) + 1);
  return response.statusCode;
}

async function postbackOnce(app: TestApp, clickid: string, tally: Tally): Promise<number> {
  const response = await app.app.inject({
    method: 'GET',
    url: `/postback?clickid=${clickid}&action_id=${tally.statuses.size}-${Math.random()}`,
  });
  if (response.statusCode === 200 && response.json().conversion_id)
    tally.conversions.push(response.json().conversion_id);
  tally.statuses.set(response.statusCode, (tally.statuses.get(response.statusCode) ?? 0) + 1);
  return response.statusCode;
}

test('postgres outage under load: 503 while down, nothing acknowledged lost, back by itself', {
  skip: BASE ? undefined : 'TEST_DATABASE_URL is not set',
}, async (t) => {
  const target = new URL(BASE as string);
  const proxy = await startTcpCut(target.hostname, Number(target.port || 5432));
  const viaProxy = new URL(BASE as string);
  viaProxy.port = String(proxy.port);
  const app = await startTestApp({ DATABASE_URL: viaProxy.toString() });
  t.after(async () => {
    proxy.restore();
    await app.close();
    await proxy.close();
  });
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const tally: Tally = { clicks: [], conversions: [], statuses: new Map() };

  // Load: ten requests at a time, clicks and postbacks, until told to stop.
  let loading = true;
  const load = Promise.all(
    Array.from({ length: 10 }, async (_, lane) => {
      while (loading) {
        if (lane % 2 === 0) await clickOnce(app, world, tally);
        else await postbackOnce(app, clickid, tally);
      }
    }),
  );
  const waitFor = (what: string, done: () => boolean) =>
    eventually(async () => (done() ? true : undefined), undefined, what);
  await waitFor('load answered', () => tally.clicks.length > 20 && tally.conversions.length > 20);

  proxy.cut();
  await waitFor('503 while the database is away', () => (tally.statuses.get(503) ?? 0) >= 20);
  const ready = await app.app.inject({ method: 'GET', url: '/ready' });
  assert.equal(ready.statusCode, 503, ready.body);
  const acknowledgedBeforeReturn = tally.clicks.length;

  proxy.restore();
  await waitFor('serving again', () => tally.clicks.length > acknowledgedBeforeReturn + 20);
  assert.equal((await app.app.inject({ method: 'GET', url: '/ready' })).statusCode, 200);
  loading = false;
  await load;

  const statuses = Object.fromEntries(tally.statuses);
  for (const status of tally.statuses.keys()) assert.ok([200, 302, 503].includes(status), JSON.stringify(statuses));
  const missingClicks = (await Promise.all(tally.clicks.map((id) => app.ctx.store.clicks.get(id)))).filter(
    (row) => !row,
  );
  assert.equal(missingClicks.length, 0, `acknowledged clicks missing, of ${tally.clicks.length}`);
  const missing = (await Promise.all(tally.conversions.map((id) => app.ctx.store.conversions.get(id)))).filter(
    (row) => !row,
  );
  assert.equal(missing.length, 0, `acknowledged conversions missing, of ${tally.conversions.length}`);
});
