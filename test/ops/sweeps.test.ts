/** The hold sweep and the retention sweep, one pass at a time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newObjectId } from '../../src/domain/object-id.js';
import { STATUS } from '../../src/domain/status.js';
import { runHoldSweep, runRetentionSweep, startSweeps } from '../../src/ops/sweeps.js';
import { createFanOut } from '../../src/outbound/fan-out.js';
import type { ConversionEvent } from '../../src/domain/commands.js';
import type { TestApp } from '../helpers/harness.js';
import { startTestApp } from '../helpers/harness.js';
import { eventually } from '../helpers/eventually.js';
import { makeRecord } from '../store/fixtures.js';
import { insertClick, logRows, postback, seedWorld } from '../tracking/fixtures.js';

const DAY = 86_400_000;

/** Gives the app's store its real fan-out rules, noting every event they are asked about. */
function recordEvents(app: TestApp): ConversionEvent[] {
  const events: ConversionEvent[] = [];
  const rules = createFanOut(app.ctx.catalog);
  app.ctx.store.setFanOut((event) => {
    events.push(event);
    return rules(event);
  });
  return events;
}

test('hold: an approved conversion on a hold offer is created as hold, and the sweep approves it when due', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { offer: { hold_days: 2 } });
  const before = Date.now();
  const answer = await postback(app, { clickid: await insertClick(app, world) });
  assert.equal(answer.message, 'Conversion created');
  const id = answer.conversion_id as string;
  const held = await app.ctx.store.conversions.get(id);
  assert.equal(held?.status, STATUS.hold);
  assert.ok(held?.hold_until && held.hold_until >= before + 2 * DAY && held.hold_until <= Date.now() + 2 * DAY);

  const events = recordEvents(app);
  assert.equal(await runHoldSweep(app.ctx, Date.now()), 0, 'not due yet');
  assert.equal((await app.ctx.store.conversions.get(id))?.status, STATUS.hold);

  assert.equal(await runHoldSweep(app.ctx, Date.now() + 2 * DAY + 1000), 1);
  const approved = await app.ctx.store.conversions.get(id);
  assert.equal(approved?.status, STATUS.approved);
  assert.equal(events.length, 1);
  assert.equal(events[0].previous_status, STATUS.hold);
  assert.equal(events[0].integration, 'hold');
  assert.equal(events[0].conversion.status, STATUS.approved);
  // A second pass finds nothing: the guard keeps it from firing twice.
  assert.equal(await runHoldSweep(app.ctx, Date.now() + 3 * DAY), 0);
  assert.equal(events.length, 1);
});

test('hold: pending -> approved on a hold offer moves to hold; declined and pending stay as passed', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app, { offer: { hold_days: 1 } });
  const clickid = await insertClick(app, world);
  const created = await postback(app, { clickid, status: 'pending' });
  assert.equal((await app.ctx.store.conversions.get(created.conversion_id as string))?.status, STATUS.pending);
  assert.equal((await postback(app, { clickid, status: 'approved' })).message, 'Conversion updated');
  const moved = await app.ctx.store.conversions.get(created.conversion_id as string);
  assert.equal(moved?.status, STATUS.hold);
  assert.ok(moved?.hold_until);
  // Approving again while in hold changes nothing: the hold period is the network's.
  assert.deepEqual(await postback(app, { clickid, status: 'approved' }), { status: 2, error: 'Conversion exists' });
  // The advertiser may still decline during the hold.
  assert.equal((await postback(app, { clickid, status: 'declined' })).message, 'Conversion updated');
  assert.equal(await runHoldSweep(app.ctx, Date.now() + 2 * DAY), 0, 'a declined conversion is not approved');
  assert.equal((await app.ctx.store.conversions.get(created.conversion_id as string))?.status, STATUS.declined);
});

test('retention removes clicks and log rows older than LOG_RETENTION_DAYS, keeps newer ones', async (t) => {
  const app = await startTestApp({ LOG_RETENTION_DAYS: '30' });
  t.after(() => app.close());
  const world = await seedWorld(app);
  const oldAt = Date.now() - 31 * DAY;
  const oldClick = await insertClick(app, world, oldAt);
  const newClick = await insertClick(app, world, Date.now() - 29 * DAY);
  await app.ctx.store.postbackLog.append({
    id: newObjectId(oldAt),
    created_at: oldAt,
    offer_id: null,
    advertiser_id: null,
    affiliate_id: null,
    clickid: null,
    status: null,
    goal: null,
    action_id: null,
    ip: '127.0.0.1',
    integration: 's2s',
    delta: null,
    params: {},
    response: { status: 2, error: 'Click not found' },
  });
  await postback(app, { clickid: newClick });

  const removed = await runRetentionSweep(app.ctx);
  assert.equal(removed.clicks, 1);
  assert.equal(removed.postbacks, 1);
  assert.equal(await app.ctx.store.clicks.get(oldClick), null);
  assert.ok(await app.ctx.store.clicks.get(newClick));
  const all = await app.ctx.store.postbackLog.list({ from: 0, to: Date.now() + DAY }, { page: 1, limit: 100 });
  assert.equal(all.total, 1);
  assert.equal((await logRows(app))[0].clickid, newClick);
});

test('startSweeps runs both sweeps on their timers until stopped', async (t) => {
  const app = await startTestApp({ LOG_RETENTION_DAYS: '30' });
  t.after(() => app.close());
  const world = await seedWorld(app);
  const oldClick = await insertClick(app, world, Date.now() - 31 * DAY);
  // A conversion whose hold ended yesterday.
  const { outcome } = await app.ctx.store.conversions.record(
    makeRecord({ status: STATUS.hold, now: Date.now() - 2 * DAY }),
  );
  assert.ok(outcome.kind === 'created');
  const held = outcome.conversion.id;

  const sweeps = startSweeps(app.ctx, { holdMs: 20, retentionMs: 50, retentionFirstMs: 20 });
  t.after(() => sweeps.stop());
  await eventually(
    async () => ((await app.ctx.store.conversions.get(held))?.status === STATUS.approved ? true : undefined),
    undefined,
    'the hold sweep to approve the due conversion',
  );
  await eventually(
    async () => ((await app.ctx.store.clicks.get(oldClick)) === null ? true : undefined),
    undefined,
    'the retention sweep to remove the old click',
  );
  await sweeps.stop();
  await sweeps.stop(); // a second stop is harmless
});
