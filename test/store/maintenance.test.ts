/** Store contract: retention (purge) and one-at-a-time sweeps (exclusive). */
import assert from 'node:assert/strict';
import { DAY, makeClick, makeJob, makeLogRow, makeRecord, oneJobPerEvent, storeTest } from './fixtures.js';

storeTest('purge: removes clicks and log rows created before the cutoff, keeps the rest', async ({ store }) => {
  const now = Date.now();
  const cutoff = now - 90 * DAY;
  const gone = [
    makeClick({ created_at: now - 200 * DAY }),
    makeClick({ created_at: now - 95 * DAY }),
    makeClick({ created_at: cutoff - 1000 }),
  ];
  const kept = [
    makeClick({ created_at: cutoff + 1000 }),
    makeClick({ created_at: now - DAY }),
    makeClick({ created_at: now }),
  ];
  for (const click of [...gone, ...kept]) await store.clicks.insert(click);
  const oldLog = [makeLogRow({ created_at: now - 120 * DAY }), makeLogRow({ created_at: cutoff - 1000 })];
  const newLog = [makeLogRow({ created_at: cutoff + 1000 }), makeLogRow({ created_at: now })];
  for (const row of [...oldLog, ...newLog]) await store.postbackLog.append(row);

  const removed = await store.maintenance.purgeBefore(cutoff);
  assert.deepEqual(removed, { clicks: 3, postbacks: 2, outbound: 0 });
  for (const click of gone) assert.equal(await store.clicks.get(click.clickid), null);
  for (const click of kept) assert.deepEqual(await store.clicks.get(click.clickid), click);
  const log = await store.postbackLog.list({ from: 0, to: now + DAY }, { page: 1, limit: 10 });
  assert.deepEqual(log.rows.map((row) => row.id).sort(), newLog.map((row) => row.id).sort());

  // Nothing left to remove; new rows for a purged day can still be written.
  assert.deepEqual(await store.maintenance.purgeBefore(cutoff), { clicks: 0, postbacks: 0, outbound: 0 });
  const late = makeClick({ created_at: now - 200 * DAY });
  await store.clicks.insert(late);
  assert.deepEqual(await store.clicks.get(late.clickid), late);
});

storeTest('purge: removes finished outbound jobs and their attempts, never undelivered ones', async ({ store }) => {
  const now = Date.now();
  const cutoff = now - 90 * DAY;
  const old = now - 100 * DAY;
  store.setFanOut((event) => [makeJob(event.conversion), makeJob(event.conversion, { source_id: 12 })]);
  const twoJobs = makeRecord({ now: old });
  await store.conversions.record(twoJobs);
  store.setFanOut(oneJobPerEvent);
  const recent = makeRecord({ now: now - 1000 });
  await store.conversions.record(recent);
  const [done, waiting] = await store.outbound.claim(old, 2, 60_000);
  await store.outbound.complete({
    job_id: done.id,
    attempt: 1,
    at: old,
    http_code: 200,
    error: null,
    duration_ms: 5,
    state: 'delivered',
    next_attempt_at: null,
  });
  await store.outbound.release([waiting.id]);

  const removed = await store.maintenance.purgeBefore(cutoff);
  assert.equal(removed.outbound, 1);
  assert.equal(await store.outbound.get(done.id), null);
  assert.deepEqual(await store.outbound.attempts(done.id), []);
  assert.equal((await store.outbound.get(waiting.id))?.state, 'pending');
  const recentJobs = await store.outbound.list(
    { from: now - DAY, to: now + DAY, kinds: ['postback'] },
    { page: 1, limit: 10 },
  );
  assert.equal(recentJobs.total, 1);
  // Conversions are kept whatever their age.
  assert.ok(await store.conversions.get(twoJobs.conversion.id));
});

storeTest(
  'exclusive: one runner per task name, across processes; released after errors',
  async ({ store, another }) => {
    const other = await another();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = store.maintenance.exclusive('sweep', async () => {
      started();
      await gate;
    });
    await running;
    assert.equal(await store.maintenance.exclusive('sweep', async () => assert.fail('ran twice')), false);
    if (store.kind === 'postgres') {
      assert.equal(await other.maintenance.exclusive('sweep', async () => assert.fail('ran twice')), false);
    }
    let otherRan = false;
    assert.equal(
      await other.maintenance.exclusive('another-sweep', async () => {
        otherRan = true;
      }),
      true,
    );
    assert.ok(otherRan);
    release();
    assert.equal(await first, true);

    await assert.rejects(
      store.maintenance.exclusive('sweep', async () => {
        throw new Error('sweep failed');
      }),
      /sweep failed/,
    );
    let ran = false;
    assert.equal(
      await other.maintenance.exclusive('sweep', async () => {
        ran = true;
      }),
      true,
    );
    assert.ok(ran);
  },
);
