/** Store contract: recording advertiser postbacks (created, exists, updated, not pending; modes). */
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import type { Store } from '../../src/store/store.js';
import type { ConversionEvent } from '../../src/domain/commands.js';
import { makeClick, makeJob, makeRecord, outcomeOf, storeTest } from './fixtures.js';

const RANGE = { from: Date.now() - 86_400_000, to: Date.now() + 86_400_000 };

async function logOf(store: Store, clickid: string) {
  return (await store.postbackLog.list({ ...RANGE, click_id: clickid }, { page: 1, limit: 100 })).rows;
}

async function jobsOf(store: Store) {
  return (await store.outbound.list({ ...RANGE, kinds: ['postback'] }, { page: 1, limit: 100 })).rows;
}

storeTest('conversions: a new identity creates the conversion, its log row and its jobs', async ({ store }) => {
  const events: ConversionEvent[] = [];
  store.setFanOut((event) => {
    events.push(event);
    return [makeJob(event.conversion)];
  });
  const record = makeRecord();
  const { outcome, queued } = await store.conversions.record(record);
  assert.deepEqual(outcome, { kind: 'created', conversion: record.conversion });
  assert.deepEqual(await store.conversions.get(record.conversion.id), record.conversion);
  assert.equal(events.length, 1);
  assert.equal(events[0].previous_status, null);
  assert.equal(events[0].integration, 's2s');

  const [log] = await logOf(store, record.conversion.clickid);
  assert.equal(log.id, record.log.id);
  assert.deepEqual(log.response, { status: 1, message: 'Conversion created', conversion_id: record.conversion.id });
  assert.deepEqual(log.params, record.log.params);

  const jobs = await jobsOf(store);
  assert.equal(jobs.length, 1);
  assert.deepEqual(
    queued.map((one) => one.id),
    [jobs[0].id],
    'the result names the jobs it queued',
  );
  assert.equal(jobs[0].conversion_id, record.conversion.id);
  assert.equal(jobs[0].state, 'pending');
  assert.equal(jobs[0].attempts, 0);
  assert.equal(jobs[0].next_attempt_at, record.conversion.created_at);
});

storeTest('conversions: a repeat is "exists", logged, with no new event', async ({ store }) => {
  const click = makeClick();
  const first = makeRecord({ click, action_id: 'order-1' });
  await store.conversions.record(first);
  const repeat = makeRecord({ click, action_id: 'order-1' });
  assert.deepEqual(await outcomeOf(store, repeat), { kind: 'exists', conversion_id: first.conversion.id });
  assert.equal(await store.conversions.get(repeat.conversion.id), null);
  const log = await logOf(store, click.clickid);
  assert.equal(log.length, 2);
  assert.deepEqual(log.find((row) => row.id === repeat.log.id)?.response, { status: 2, error: 'Conversion exists' });
  assert.equal((await jobsOf(store)).length, 1);
});

storeTest('conversions: a status passed to a pending one updates it, once', async ({ store }) => {
  const click = makeClick();
  const first = makeRecord({ click, status: STATUS.pending });
  await store.conversions.record(first);
  const events: ConversionEvent[] = [];
  store.setFanOut((event) => {
    events.push(event);
    return [makeJob(event.conversion)];
  });
  const update = makeRecord({ click, passed_status: STATUS.approved, comment: 'paid' });
  const { outcome, queued } = await store.conversions.record(update);
  assert.equal(outcome.kind, 'updated');
  assert.equal(queued.length, 1);
  assert.equal(queued[0].job.status, STATUS.approved);
  const stored = await store.conversions.get(first.conversion.id);
  assert.equal(stored?.status, STATUS.approved);
  assert.equal(stored?.comment, 'paid');
  assert.equal(stored?.created_at, first.conversion.created_at);
  assert.deepEqual(outcome.kind === 'updated' && outcome.conversion, stored);
  // The fan-out is pure, so a store may also ask it about a creation that then does not
  // happen; what counts is the one change event and the jobs written.
  const changes = events.filter((event) => event.previous_status !== null);
  assert.equal(changes.length, 1);
  assert.equal(changes[0].previous_status, STATUS.pending);
  assert.equal(changes[0].conversion.status, STATUS.approved);
  assert.equal((await jobsOf(store)).length, 2);
  const logged = (await logOf(store, click.clickid)).find((row) => row.id === update.log.id);
  assert.deepEqual(logged?.response, { status: 1, message: 'Conversion updated', conversion_id: first.conversion.id });

  // The same status again is a repeat.
  const again = makeRecord({ click, passed_status: STATUS.approved });
  assert.deepEqual(await outcomeOf(store, again), { kind: 'exists', conversion_id: first.conversion.id });
});

storeTest('conversions: a hold one moves too, and takes the new hold end when held again', async ({ store }) => {
  const click = makeClick();
  const first = makeRecord({ click, status: STATUS.hold });
  await store.conversions.record(first);
  const declined = await outcomeOf(store, makeRecord({ click, passed_status: STATUS.declined }));
  assert.equal(declined.kind, 'updated');
  assert.equal((await store.conversions.get(first.conversion.id))?.status, STATUS.declined);
});

storeTest('conversions: approved or declined ones are "not pending" to a different status', async ({ store }) => {
  const click = makeClick();
  const first = makeRecord({ click, status: STATUS.approved });
  await store.conversions.record(first);
  const outcome = await outcomeOf(store, makeRecord({ click, passed_status: STATUS.declined }));
  assert.deepEqual(outcome, { kind: 'not_pending', conversion_id: first.conversion.id });
  assert.equal((await store.conversions.get(first.conversion.id))?.status, STATUS.approved);
  const logged = await logOf(store, click.clickid);
  assert.ok(logged.some((row) => row.response.error === 'Conversion status is not pending'));
});

storeTest('conversions: mode txn: one per action id; goals match in any case', async ({ store }) => {
  const click = makeClick();
  assert.equal((await outcomeOf(store, makeRecord({ click, action_id: 'a', goal: 'Sale' }))).kind, 'created');
  assert.equal((await outcomeOf(store, makeRecord({ click, action_id: 'b', goal: 'sale' }))).kind, 'created');
  assert.equal((await outcomeOf(store, makeRecord({ click, action_id: 'a', goal: 'SALE' }))).kind, 'exists');
  assert.equal((await outcomeOf(store, makeRecord({ click, action_id: 'a', goal: 'other' }))).kind, 'created');
  // Without an action id the click id stands for it.
  assert.equal((await outcomeOf(store, makeRecord({ click }))).kind, 'created');
  assert.equal((await outcomeOf(store, makeRecord({ click }))).kind, 'exists');
});

storeTest('conversions: mode no: at most one per click and goal, whatever the action id', async ({ store }) => {
  const click = makeClick();
  const first = makeRecord({ click, action_id: 'a', multiple: 'no' });
  assert.equal((await outcomeOf(store, first)).kind, 'created');
  assert.deepEqual(await outcomeOf(store, makeRecord({ click, action_id: 'b', multiple: 'no' })), {
    kind: 'exists',
    conversion_id: first.conversion.id,
  });
  assert.equal(
    (await outcomeOf(store, makeRecord({ click, action_id: 'b', multiple: 'no', goal: '2' }))).kind,
    'created',
  );
  assert.equal(
    (await outcomeOf(store, makeRecord({ click: makeClick(), action_id: 'c', multiple: 'no' }))).kind,
    'created',
  );
});

storeTest('conversions: mode yes: no action id always creates; an action id still dedupes', async ({ store }) => {
  const click = makeClick();
  for (let i = 0; i < 3; i += 1) {
    assert.equal((await outcomeOf(store, makeRecord({ click, multiple: 'yes' }))).kind, 'created');
  }
  assert.equal((await outcomeOf(store, makeRecord({ click, multiple: 'yes', action_id: 'x' }))).kind, 'created');
  assert.equal((await outcomeOf(store, makeRecord({ click, multiple: 'yes', action_id: 'x' }))).kind, 'exists');
  const listed = await store.conversions.list({ ...RANGE, clickid: click.clickid }, { page: 1, limit: 10 });
  assert.equal(listed.total, 4);
});

storeTest('conversions: a failing fan-out writes nothing at all', async ({ store }) => {
  store.setFanOut(() => {
    throw new Error('fan-out broke');
  });
  const record = makeRecord();
  await assert.rejects(store.conversions.record(record), /fan-out broke/);
  assert.equal(await store.conversions.get(record.conversion.id), null);
  assert.equal((await logOf(store, record.conversion.clickid)).length, 0);
  assert.equal((await jobsOf(store)).length, 0);
});
