/** Uniqueness under concurrency, through a real server: racing postbacks make one conversion. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';
import { allConversions, insertClick, logRows, seedWorld } from './fixtures.js';

test('50 concurrent identical postbacks: one conversion, 49 "Conversion exists", 50 log rows', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const base = await app.listen();
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);

  const answers = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      // Half GET, half POST with a JSON body: both paths race for the same identity.
      const response =
        i % 2 === 0
          ? await fetch(`${base}/postback?clickid=${clickid}&action_id=order-7&sum=10`)
          : await fetch(`${base}/postback`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ clickid, action_id: 'order-7', sum: 10 }),
            });
      assert.equal(response.status, 200);
      return (await response.json()) as { status: number; message?: string; error?: string };
    }),
  );

  const created = answers.filter((a) => a.message === 'Conversion created');
  const exists = answers.filter((a) => a.error === 'Conversion exists');
  assert.equal(created.length, 1);
  assert.equal(exists.length, 49);
  assert.equal((await allConversions(app)).length, 1);
  assert.equal((await logRows(app)).length, 50);
});

test('concurrent postbacks for different action ids all create', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const base = await app.listen();
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const answers = await Promise.all(
    Array.from({ length: 30 }, async (_, i) => {
      const response = await fetch(`${base}/postback?clickid=${clickid}&action_id=a${i}`);
      return (await response.json()) as { message?: string };
    }),
  );
  assert.equal(answers.filter((a) => a.message === 'Conversion created').length, 30);
  assert.equal((await allConversions(app)).length, 30);
});
