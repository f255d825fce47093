/** Store contract: clicks (group-committed inserts, case-insensitive reads). */
import assert from 'node:assert/strict';
import { LAST_ID_SECOND } from '../../src/domain/object-id.js';
import { DAY, makeClick, storeTest } from './fixtures.js';

storeTest('clicks: an inserted click reads back whole, by its id in either case', async ({ store }) => {
  const click = makeClick({ referrer: 'https://ref.example/', user_agent: null });
  await store.clicks.insert(click);
  assert.deepEqual(await store.clicks.get(click.clickid), click);
  assert.deepEqual(await store.clicks.get(click.clickid.toUpperCase()), click);
  assert.equal(await store.clicks.get('0'.repeat(24)), null);
});

storeTest('clicks: a click without subs reads back eight nulls', async ({ store }) => {
  const click = makeClick({ subs: Array(8).fill(null), country: null });
  await store.clicks.insert(click);
  assert.deepEqual(await store.clicks.get(click.clickid), click);
});

storeTest('clicks: many concurrent inserts are all committed when their promises resolve', async ({ store }) => {
  const clicks = Array.from({ length: 300 }, (_, i) => makeClick({ affiliate_id: i + 1 }));
  await Promise.all(clicks.map((click) => store.clicks.insert(click)));
  const read = await Promise.all(clicks.map((click) => store.clicks.get(click.clickid)));
  assert.deepEqual(read, clicks);
});

storeTest('clicks: a duplicate click id fails alone; the rest of its batch is stored', async ({ store }) => {
  const first = makeClick();
  await store.clicks.insert(first);
  const others = Array.from({ length: 20 }, () => makeClick());
  const results = await Promise.allSettled([
    store.clicks.insert({ ...first, offer_id: 99 }),
    ...others.map((c) => store.clicks.insert(c)),
  ]);
  assert.equal(results[0].status, 'rejected');
  assert.ok(results.slice(1).every((result) => result.status === 'fulfilled'));
  assert.equal((await store.clicks.get(first.clickid))?.offer_id, first.offer_id);
  for (const click of others) assert.ok(await store.clicks.get(click.clickid));
});

storeTest('clicks: clicks far in the past or future are stored too', async ({ store }) => {
  const old = makeClick({ created_at: Date.now() - 400 * DAY });
  const later = makeClick({ created_at: Date.now() + 40 * DAY });
  // The last second an id can hold (2106-02-07T06:28:15Z): its day's partition is open-ended.
  const last = makeClick({ created_at: LAST_ID_SECOND * 1000 });
  await Promise.all([store.clicks.insert(old), store.clicks.insert(later), store.clicks.insert(last)]);
  assert.deepEqual(await store.clicks.get(old.clickid), old);
  assert.deepEqual(await store.clicks.get(later.clickid), later);
  assert.deepEqual(await store.clicks.get(last.clickid), last);
});
