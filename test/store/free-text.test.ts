/** Store contract: free text is stored exactly as given, NUL bytes and rare characters included. */
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import { DAY, makeClick, makeLogRow, makeRecord, storeTest } from './fixtures.js';

const STRANGE = ['nul\u0000byte', 'non\uFFFEchar', '\uFFFE0 looks escaped', "'; DROP TABLE clicks; --", '😀 漢字 \r\n'];

storeTest('free text: clicks keep referrer, user agent and subs as given', async ({ store }) => {
  for (const text of STRANGE) {
    const click = makeClick({
      referrer: text,
      user_agent: text,
      subs: [text, null, null, null, null, null, null, text],
    });
    await store.clicks.insert(click);
    assert.deepEqual(await store.clicks.get(click.clickid), click);
  }
});

storeTest(
  "free text: conversions keep action id, comment, custom fields and the click's user agent and referrer, and find them again",
  async ({ store }) => {
    for (const [i, text] of STRANGE.entries()) {
      const click = makeClick({ user_agent: text, referrer: `${text}/ref` });
      const record = makeRecord({ click, action_id: `${text}-${i}`, comment: text, status: STATUS.pending });
      record.conversion.custom_fields = { custom_field2: text };
      assert.equal((await store.conversions.record(record)).outcome.kind, 'created');
      assert.deepEqual(await store.conversions.get(record.conversion.id), record.conversion);
      assert.equal(record.conversion.user_agent, text);
      assert.equal(record.conversion.referrer, `${text}/ref`);
      const repeat = makeRecord({
        click,
        action_id: `${text}-${i}`,
        passed_status: STATUS.approved,
        comment: `${text}!`,
      });
      assert.equal((await store.conversions.record(repeat)).outcome.kind, 'updated');
      assert.equal((await store.conversions.get(record.conversion.id))?.comment, `${text}!`);
      const found = await store.conversions.list(
        { from: 0, to: Date.now() + DAY, action_id: `${text}-${i}` },
        { page: 1, limit: 5 },
      );
      assert.deepEqual(
        found.rows.map((row) => row.id),
        [record.conversion.id],
      );
    }
  },
);

storeTest('free text: log rows keep parameters as given; filters and search match them', async ({ store }) => {
  const now = Date.now();
  for (const text of STRANGE) {
    const row = makeLogRow({
      created_at: now,
      action_id: text,
      status: text,
      goal: text,
      params: { comment: text, [text]: 'key' },
    });
    await store.postbackLog.append(row);
    const range = { from: now - DAY, to: now + DAY };
    const byAction = await store.postbackLog.list({ ...range, action_id: text }, { page: 1, limit: 5 });
    assert.deepEqual(byAction.rows, [row]);
    const bySearch = await store.postbackLog.list({ ...range, search: text.toUpperCase() }, { page: 1, limit: 5 });
    assert.deepEqual(
      bySearch.rows.map((one) => one.id),
      [row.id],
    );
  }
});

storeTest("free text: a receiver's error text is kept as given", async ({ store }) => {
  const now = Date.now() - 1000;
  await store.conversions.record(makeRecord({ now }));
  const [job] = await store.outbound.claim(now, 1, 60_000);
  await store.outbound.complete({
    job_id: job.id,
    attempt: 1,
    at: now,
    http_code: 500,
    error: STRANGE[0],
    duration_ms: 1,
    state: 'failed',
    next_attempt_at: null,
  });
  assert.equal((await store.outbound.get(job.id))?.error, STRANGE[0]);
  assert.equal((await store.outbound.attempts(job.id))[0].error, STRANGE[0]);
});
