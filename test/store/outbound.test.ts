/** Store contract: the outbox (claim under a lease, complete, release, resend, list). */
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import type { OutboundJob, OutboundKind } from '../../src/domain/entities.js';
import type { Store } from '../../src/store/store.js';
import { eventually } from '../helpers/eventually.js';
import { DAY, makeJob, makeRecord, oneJobPerEvent, storeTest } from './fixtures.js';

const LEASE = 60_000;

/** Records one conversion per job wanted, each fanning out to one job of `kind`; returns their time. */
async function seedJobs(store: Store, count: number, kind: OutboundKind = 'postback'): Promise<number> {
  const now = Date.now() - 1000;
  store.setFanOut((event) => [makeJob(event.conversion, { kind })]);
  await Promise.all(Array.from({ length: count }, () => store.conversions.record(makeRecord({ now }))));
  return now;
}

storeTest('outbound: claim leases due jobs; nobody else gets them until the lease ends', async ({ store }) => {
  const at = await seedJobs(store, 3);
  const now = at + 10;
  const claimed = await store.outbound.claim(now, 2, LEASE);
  assert.equal(claimed.length, 2);
  assert.ok(claimed.every((job) => job.lease_until === now + LEASE && job.state === 'pending'));
  const rest = await store.outbound.claim(now, 10, LEASE);
  assert.equal(rest.length, 1);
  assert.deepEqual(await store.outbound.claim(now + 1000, 10, LEASE), []);
  // A worker that died: its lease runs out and the jobs are due again.
  assert.equal((await store.outbound.claim(now + LEASE, 10, LEASE)).length, 3);
  assert.deepEqual(await store.outbound.claim(at - 5000, 10, LEASE), []);
});

storeTest('outbound: complete records the attempt and the next state', async ({ store }) => {
  const at = await seedJobs(store, 1);
  const [job] = await store.outbound.claim(at, 1, LEASE);
  await store.outbound.complete({
    job_id: job.id,
    attempt: 1,
    at: at + 5,
    http_code: 503,
    error: 'HTTP 503',
    duration_ms: 20,
    state: 'retrying',
    next_attempt_at: at + 60_000,
  });
  let stored = (await store.outbound.get(job.id)) as OutboundJob;
  assert.equal(stored.state, 'retrying');
  assert.equal(stored.attempts, 1);
  assert.equal(stored.http_code, 503);
  assert.equal(stored.error, 'HTTP 503');
  assert.equal(stored.next_attempt_at, at + 60_000);
  assert.equal(stored.lease_until, null);
  assert.deepEqual(await store.outbound.claim(at + 1000, 10, LEASE), []);

  const [again] = await store.outbound.claim(at + 60_000, 10, LEASE);
  assert.equal(again.id, job.id);
  await store.outbound.complete({
    job_id: job.id,
    attempt: 2,
    at: at + 60_001,
    http_code: 200,
    error: null,
    duration_ms: 7,
    state: 'delivered',
    next_attempt_at: null,
  });
  stored = (await store.outbound.get(job.id)) as OutboundJob;
  assert.equal(stored.state, 'delivered');
  assert.equal(stored.attempts, 2);
  assert.equal(stored.error, null);
  assert.deepEqual(await store.outbound.claim(at + DAY, 10, LEASE), []);
  assert.deepEqual(await store.outbound.attempts(job.id), [
    { job_id: job.id, attempt: 1, at: at + 5, http_code: 503, error: 'HTTP 503', duration_ms: 20 },
    { job_id: job.id, attempt: 2, at: at + 60_001, http_code: 200, error: null, duration_ms: 7 },
  ]);
  // Completing an unknown job is a no-op.
  await store.outbound.complete({
    job_id: 'f'.repeat(24),
    attempt: 1,
    at,
    http_code: 0,
    error: 'x',
    duration_ms: 1,
    state: 'failed',
    next_attempt_at: null,
  });
  assert.equal(await store.outbound.get('f'.repeat(24)), null);
});

storeTest('outbound: release gives jobs back at once; resend makes a finished one due', async ({ store }) => {
  const at = await seedJobs(store, 2);
  const claimed = await store.outbound.claim(at, 10, LEASE);
  await store.outbound.release(claimed.map((job) => job.id));
  await store.outbound.release([]);
  const reclaimed = await store.outbound.claim(at, 10, LEASE);
  assert.equal(reclaimed.length, 2);

  const job = reclaimed[0];
  await store.outbound.complete({
    job_id: job.id,
    attempt: 1,
    at,
    http_code: 404,
    error: 'HTTP 404',
    duration_ms: 3,
    state: 'failed',
    next_attempt_at: null,
  });
  const resent = await store.outbound.resend(job.id, at + 5000);
  assert.equal(resent?.state, 'pending');
  assert.equal(resent?.next_attempt_at, at + 5000);
  assert.equal(resent?.attempts, 1);
  const [due] = await store.outbound.claim(at + 5000, 10, LEASE);
  assert.equal(due.id, job.id);
  assert.equal(await store.outbound.resend('f'.repeat(24), at), null);
});

storeTest(
  'outbound: concurrent claims, from two processes, never hand out one job twice',
  async ({ store, another }) => {
    const other = await another();
    const at = await seedJobs(store, 120);
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? store : other).outbound.claim(at + 10, 15, LEASE)),
    );
    const ids = claims.flat().map((job) => job.id);
    assert.equal(new Set(ids).size, ids.length, 'a job was claimed twice');
    assert.equal(ids.length, 120);
  },
);

storeTest('outbound: lists by kind and filters, newest first', async ({ store }) => {
  const now = Date.now();
  store.setFanOut((event) => [
    makeJob(event.conversion, { kind: 'postback', goal: 'Sale', offer_id: 1, affiliate_id: 7 }),
    makeJob(event.conversion, { kind: 'tracking_event', offer_id: 2, affiliate_id: 8, status: STATUS.pending }),
    makeJob(event.conversion, { kind: 'cross_postback', offer_id: 1, affiliate_id: 7 }),
  ]);
  await store.conversions.record(makeRecord({ now: now - 1000 }));
  const range = { from: now - DAY, to: now + DAY };
  const kinds = async (filter: object, base: OutboundKind[] = ['postback', 'tracking_event']) =>
    (await store.outbound.list({ ...range, kinds: base, ...filter }, { page: 1, limit: 10 })).rows
      .map((job) => job.kind)
      .sort();
  assert.deepEqual(await kinds({}), ['postback', 'tracking_event']);
  assert.deepEqual(await kinds({}, ['cross_postback']), ['cross_postback']);
  assert.deepEqual(await kinds({ offer: [2] }), ['tracking_event']);
  assert.deepEqual(await kinds({ partner: [7] }), ['postback']);
  assert.deepEqual(await kinds({ goal: 'SALE' }), ['postback']);
  assert.deepEqual(await kinds({ status: STATUS.pending }), ['tracking_event']);
  assert.deepEqual(await kinds({ http_code: 0 }), ['postback', 'tracking_event']);
  assert.deepEqual(await kinds({ http_code: 200 }), []);
  assert.deepEqual(await kinds({ from: now - 3 * DAY, to: now - 2 * DAY }), []);
});

/**
 * On PostgreSQL the listening connection opens in the background and, once up, tells the
 * listener once (for jobs committed while nobody listened): wait for that before counting.
 */
async function listenerStarted(store: Store, calls: () => number): Promise<void> {
  if (store.kind !== 'postgres') return;
  await eventually(async () => (calls() >= 1 ? true : undefined), undefined, 'the listening connection');
}

storeTest('outbound: onQueued tells of jobs committed here, once they can be claimed', async ({ store }) => {
  // Each call claims at once: what it finds shows the jobs were committed before the call.
  const claimedWhenTold: Promise<number>[] = [];
  const stop = store.outbound.onQueued(() => {
    claimedWhenTold.push(store.outbound.claim(Date.now() + 1000, 10, LEASE).then((jobs) => jobs.length));
  });
  await listenerStarted(store, () => claimedWhenTold.length);
  // The claim the listening connection's start made must end before jobs exist, or it may take them.
  await Promise.all(claimedWhenTold.splice(0));

  store.setFanOut(() => []);
  await store.conversions.record(makeRecord());
  assert.equal(claimedWhenTold.length, 0, 'an event without jobs tells nothing');
  store.setFanOut(oneJobPerEvent);
  const { outcome: created } = await store.conversions.record(makeRecord({ status: STATUS.pending }));
  assert.equal(claimedWhenTold.length, 1);
  assert.ok(created.kind === 'created');
  await store.conversions.setStatus({
    id: created.conversion.id,
    status: STATUS.approved,
    integration: 'admin',
  });
  assert.equal(claimedWhenTold.length, 2);
  assert.deepEqual(await Promise.all(claimedWhenTold), [1, 1]);

  const [job] = (
    await store.outbound.list({ from: 0, to: Date.now() + DAY, kinds: ['postback'] }, { page: 1, limit: 1 })
  ).rows;
  await store.outbound.complete({
    job_id: job.id,
    attempt: 1,
    at: Date.now(),
    http_code: 404,
    error: 'HTTP 404',
    duration_ms: 1,
    state: 'failed',
    next_attempt_at: null,
  });
  await store.outbound.resend(job.id, Date.now());
  assert.equal(claimedWhenTold.length, 3);
  assert.equal(await claimedWhenTold[2], 1);

  stop();
  await store.conversions.record(makeRecord());
  assert.equal(claimedWhenTold.length, 3, 'nothing is told after stop()');
});

storeTest(
  "outbound: onQueued tells of other processes' jobs on PostgreSQL (NOTIFY), never its own twice",
  async ({ store, another }) => {
    let told = 0;
    const stop = store.outbound.onQueued(() => void told++);
    const other = await another();
    await listenerStarted(store, () => told);
    if (store.kind === 'postgres') {
      told = 0;
      await other.conversions.record(makeRecord());
      await eventually(async () => (told >= 1 ? true : undefined), undefined, "the other process's notification");
    }
    if (store.kind === 'sqlite') {
      // SQLite processes have no channel between them (the worker's poll finds these): nothing
      // is told, now or later, as no transport exists to tell it.
      await other.conversions.record(makeRecord());
      assert.equal(told, 0);
    }
    // Its own jobs are told once, at its commit, not again when its own notification comes back.
    let otherTold = 0;
    const stopOther = other.outbound.onQueued(() => void otherTold++);
    await listenerStarted(other, () => otherTold);
    told = 0;
    otherTold = 0;
    await store.conversions.record(makeRecord());
    assert.equal(told, 1);
    if (store.kind === 'postgres') {
      // Once `other` has been told, this store's notification is on the channel; one `other`
      // sends after that reaches this store after it. So when that one has come, its own has
      // come too, and was not told again.
      await eventually(async () => (otherTold >= 1 ? true : undefined), undefined, "this store's notification");
      await other.conversions.record(makeRecord());
      await eventually(async () => (told >= 2 ? true : undefined), undefined, "the other process's notification");
      assert.equal(told, 2);
    }
    stopOther();
    stop();
  },
);

storeTest(
  'outbound: a paused configuration has its jobs held at claim, past a full batch; a success releases them',
  async ({ store }) => {
    const now = Date.now() - 1000;
    let source = 11;
    store.setFanOut((event) => [makeJob(event.conversion, { source_id: source })]);
    for (let i = 0; i < 4; i++) await store.conversions.record(makeRecord({ now }));
    source = 12;
    await store.conversions.record(makeRecord({ now }));
    const at = now + 10;
    const all = await store.outbound.claim(at, 10, LEASE);
    const [failing, inFlight, ...held] = all.filter((job) => job.source_id === 11);
    const other = all.find((job) => job.source_id === 12) as OutboundJob;

    // One failure pauses source 11 (pause_after 1) while another of its jobs is still in flight.
    await store.outbound.complete({
      job_id: failing.id,
      attempt: 1,
      at,
      http_code: 503,
      error: 'down',
      duration_ms: 1,
      state: 'retrying',
      next_attempt_at: at + DAY,
      pause_after: 1,
    });
    await store.outbound.release([...held, other].map((job) => job.id));
    // A batch of one: the held jobs come first or not, the other configuration's job is still claimed.
    assert.deepEqual(
      (await store.outbound.claim(at + 1, 1, LEASE)).map((job) => job.id),
      [other.id],
    );
    for (const job of held) assert.equal((await store.outbound.get(job.id))?.state, 'paused');
    const health = await store.outbound.healthOf('postback', 11);
    assert.deepEqual([health?.consecutive_failures, health?.paused_at !== null, health?.held_jobs], [1, true, 2]);

    // The request in flight succeeds: the trouble is forgotten and the held jobs are due again.
    await store.outbound.complete({
      job_id: inFlight.id,
      attempt: 1,
      at: at + 2,
      http_code: 200,
      error: null,
      duration_ms: 1,
      state: 'delivered',
      next_attempt_at: null,
    });
    assert.equal(await store.outbound.healthOf('postback', 11), null);
    const released = await store.outbound.claim(at + 3, 10, LEASE);
    assert.deepEqual(released.map((job) => job.id).sort(), held.map((job) => job.id).sort());
    assert.ok(released.every((job) => job.state === 'pending'));
  },
);
