/**
 * An outbound configuration whose receiver keeps failing is paused, not hammered and not
 * dropped: after OUTBOUND_PAUSE_AFTER failed first attempts of different conversions in a row,
 * the admin API shows it failing with its last error, its new jobs are held (state `paused`,
 * never sent), and a re-enable (by an admin, or by the affiliate for its own) sends them all.
 * A success before the limit starts the count again. Through a real failing local receiver.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../helpers/eventually.js';
import {
  api,
  click,
  create,
  createAffiliate,
  createOffer,
  postback,
  startWorld,
  type World,
} from '../outbound/world.js';

async function convert(w: World, offer: number, affiliate: number): Promise<string> {
  const clickId = await click(w, offer, affiliate);
  return postback(w, { clickid: clickId, goal: '1' });
}

/** Requests the receiver got on `path`. */
const count = (w: World, path: string) => w.sink.requests.filter((r) => r.url.startsWith(path)).length;

test('a failing postback URL is paused after N failures, its jobs held, and re-enabled with nothing lost', async (t) => {
  // Retries far off: only first attempts happen while the test runs.
  const w = await startWorld({ OUTBOUND_PAUSE_AFTER: '3', DELIVERY_BACKOFF: '1h' });
  t.after(() => w.close());
  let down = true;
  w.sink.respond((request) => (request.url.startsWith('/a') && down ? { status: 503, body: 'receiver down' } : {}));
  const offer = (await createOffer(w)).id;
  const a = await createAffiliate(w, 'Failing');
  const b = await createAffiliate(w, 'Healthy');
  const pbA = await create(w.t, `/3.0/admin/affiliates/${a.id}/postbacks`, { url: `${w.sink.url}/a?c={clickid}` });
  await create(w.t, `/3.0/admin/affiliates/${b.id}/postbacks`, { url: `${w.sink.url}/b?c={clickid}` });
  const health = `/3.0/admin/outbound-health/postback/${pbA.id}`;

  // Two failures, then a success: the count starts again.
  for (let i = 0; i < 2; i++) await convert(w, offer, a.id);
  await w.sink.waitForCount(2, (r) => r.url.startsWith('/a'));
  const counted = await eventually(async () => {
    const answer = await api(w.t, 'GET', health);
    return answer.status === 200 && answer.body.consecutive_failures === 2 ? answer.body : undefined;
  });
  assert.equal(counted.failing, false);
  down = false;
  await convert(w, offer, a.id);
  await eventually(async () => ((await api(w.t, 'GET', health)).status === 404 ? true : undefined));

  // Three failures in a row pause it.
  down = true;
  for (let i = 0; i < 3; i++) await convert(w, offer, a.id);
  const paused = await eventually(async () => {
    const answer = await api(w.t, 'GET', health);
    return answer.body?.failing === true ? answer.body : undefined;
  });
  assert.equal(paused.kind, 'postback');
  assert.equal(paused.affiliate_id, a.id);
  assert.equal(paused.consecutive_failures, 3);
  assert.equal(paused.last_error, 'receiver down');
  assert.equal(paused.last_http_code, 503);
  assert.ok(paused.failing_since);
  const sentBeforePause = count(w, '/a');

  // New jobs for it are written and held, never sent; other affiliates' go out as usual.
  for (let i = 0; i < 2; i++) await convert(w, offer, a.id);
  await convert(w, offer, b.id);
  await w.sink.waitFor((r) => r.url.startsWith('/b'));
  const held = await eventually(async () => {
    const answer = await api(w.t, 'GET', health);
    return answer.body.held_jobs === 2 ? answer.body : undefined;
  });
  assert.equal(held.failing, true);
  assert.equal(count(w, '/a'), sentBeforePause, 'no request reaches a paused receiver');
  const list = await api(w.t, 'GET', '/3.0/admin/outbound-health');
  assert.deepEqual(
    list.body.outbound_health.map((row: { kind: string; source_id: number }) => [row.kind, row.source_id]),
    [['postback', pbA.id]],
  );

  // Affiliates see and re-enable only their own.
  const ownList = await api(w.t, 'GET', '/3.0/partner/outbound-health', undefined, a.api_key);
  assert.equal(ownList.body.outbound_health.length, 1);
  const otherList = await api(w.t, 'GET', '/3.0/partner/outbound-health', undefined, b.api_key);
  assert.deepEqual(otherList.body.outbound_health, []);
  const resumeUrl = `/3.0/partner/outbound-health/postback/${pbA.id}/resume`;
  assert.equal((await api(w.t, 'POST', resumeUrl, undefined, b.api_key)).status, 404);
  assert.equal((await api(w.t, 'GET', health)).body.held_jobs, 2, "another affiliate's refused call changed nothing");
  assert.equal(
    (await api(w.t, 'POST', `/3.0/partner/outbound-health/cross_postback/${offer}/resume`, undefined, a.api_key))
      .status,
    400,
  );

  // Re-enabled by its affiliate: every held job is sent, and the trouble is forgotten.
  down = false;
  const resumed = await api(w.t, 'POST', resumeUrl, undefined, a.api_key);
  assert.deepEqual(resumed.body, { status: 1, released: 2 });
  await w.sink.waitForCount(sentBeforePause + 2, (r) => r.url.startsWith('/a'));
  await eventually(
    async () => {
      const jobs = await w.t.ctx.store.outbound.list(
        { from: Date.now() - 86_400_000, to: Date.now() + 86_400_000, kinds: ['postback'] },
        { page: 1, limit: 100 },
      );
      const states = jobs.rows
        .filter((job) => job.affiliate_id === a.id)
        .map((job) => job.state)
        .sort();
      // 8 conversions of A: 5 failed once (retrying, an hour away), 1 delivered at once, 2 delivered when resumed.
      return states.join() === 'delivered,delivered,delivered,retrying,retrying,retrying,retrying,retrying'
        ? true
        : undefined;
    },
    5000,
    'the held jobs to be delivered',
  );
  assert.equal((await api(w.t, 'GET', health)).status, 404);
});

test('outbound health routes: bad kinds and ids are 400, unknown configurations 404, for the admin too', async (t) => {
  const w = await startWorld();
  t.after(() => w.close());
  assert.equal((await api(w.t, 'GET', '/3.0/admin/outbound-health/nope/1')).status, 400);
  assert.equal((await api(w.t, 'POST', '/3.0/admin/outbound-health/postback/abc/resume')).status, 400);
  assert.equal((await api(w.t, 'POST', '/3.0/admin/outbound-health/postback/0/resume')).status, 400);
  const unknown = await api(w.t, 'POST', '/3.0/admin/outbound-health/cross_postback/99999/resume');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.status, 2);
  assert.equal((await api(w.t, 'GET', '/3.0/admin/outbound-health?limit=0')).status, 400);
  assert.deepEqual((await api(w.t, 'GET', '/3.0/admin/outbound-health')).body.outbound_health, []);
});
