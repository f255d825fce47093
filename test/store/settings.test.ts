/** Store contract: settings and share links. */
import assert from 'node:assert/strict';
import type { ShareLink } from '../../src/domain/entities.js';
import { storeTest } from './fixtures.js';

storeTest('settings: setIfAbsent keeps the first value, set replaces it', async ({ store }) => {
  assert.equal(await store.settings.get('k'), null);
  assert.equal(await store.settings.setIfAbsent('k', 'first'), 'first');
  assert.equal(await store.settings.setIfAbsent('k', 'second'), 'first');
  await store.settings.set('k', 'third');
  assert.equal(await store.settings.get('k'), 'third');
});

storeTest('settings: concurrent setIfAbsent calls all get the one stored value', async ({ store, another }) => {
  const other = await another();
  const values = await Promise.all(
    Array.from({ length: 10 }, (_, i) => (i % 2 ? store : other).settings.setIfAbsent('admin', `v${i}`)),
  );
  assert.equal(new Set(values).size, 1);
  assert.equal(await store.settings.get('admin'), values[0]);
});

storeTest('share links: create, get, revoke once', async ({ store }) => {
  const link: ShareLink = {
    token: 'tok-123',
    slice: 'serverpostbacks',
    filters: { date_from: '2026-11-01', 'offer[]': ['1', '2'] },
    expires_at: Date.now() + 3_600_000,
    revoked_at: null,
    created_at: Date.now(),
  };
  await store.shareLinks.create(link);
  assert.deepEqual(await store.shareLinks.get('tok-123'), link);
  assert.equal(await store.shareLinks.get('nope'), null);
  assert.equal(await store.shareLinks.revoke('tok-123', 42), true);
  assert.equal(await store.shareLinks.revoke('tok-123', 43), false);
  assert.deepEqual(await store.shareLinks.get('tok-123'), { ...link, revoked_at: 42 });
  await assert.rejects(store.shareLinks.create(link));
});
