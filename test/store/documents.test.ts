/** Store contract: catalog documents (CRUD, paging, owner filter) and the catalog version. */
import assert from 'node:assert/strict';
import type { Advertiser, TrackingEvent } from '../../src/domain/entities.js';
import { storeTest } from './fixtures.js';

type Input<T> = Omit<T, 'id' | 'created_at' | 'updated_at'>;

const advertiser = (name: string): Input<Advertiser> => ({
  name,
  status: 'active',
  secure_token: null,
  allowed_ips: ['10.0.0.0/8'],
});

const trackingEvent = (affiliate_id: number): Input<TrackingEvent> => ({
  affiliate_id,
  scope: 'global',
  offer_ids: [],
  goals: ['1'],
  statuses: [1],
  url: 'https://t.example/?c={clickid}',
});

storeTest('documents: create, get, update, delete', async ({ store }) => {
  const created = await store.advertisers.create(advertiser('Acme'));
  assert.ok(created.id > 0);
  assert.equal(created.name, 'Acme');
  assert.deepEqual(created.allowed_ips, ['10.0.0.0/8']);
  assert.equal(typeof created.created_at, 'number');
  assert.deepEqual(await store.advertisers.get(created.id), created);

  const updated = await store.advertisers.update(created.id, { ...advertiser('Acme 2'), status: 'disabled' });
  assert.equal(updated?.name, 'Acme 2');
  assert.equal(updated?.status, 'disabled');
  assert.equal(updated?.created_at, created.created_at);
  assert.deepEqual(await store.advertisers.get(created.id), updated);
  assert.equal(await store.advertisers.update(created.id + 100, advertiser('nobody')), null);

  assert.equal(await store.advertisers.delete(created.id), true);
  assert.equal(await store.advertisers.delete(created.id), false);
  assert.equal(await store.advertisers.get(created.id), null);
});

storeTest('documents: lists are newest first, paged, with the total', async ({ store }) => {
  for (const name of ['a', 'b', 'c', 'd', 'e']) await store.advertisers.create(advertiser(name));
  const first = await store.advertisers.list({ page: 1, limit: 2 });
  assert.equal(first.total, 5);
  assert.deepEqual(
    first.rows.map((row) => row.name),
    ['e', 'd'],
  );
  const last = await store.advertisers.list({ page: 3, limit: 2 });
  assert.deepEqual(
    last.rows.map((row) => row.name),
    ['a'],
  );
  const past = await store.advertisers.list({ page: 9, limit: 2 });
  assert.deepEqual(past, { rows: [], total: 5 });
  assert.deepEqual(
    (await store.advertisers.all()).map((row) => row.name),
    ['a', 'b', 'c', 'd', 'e'],
  );
});

storeTest('documents: records of an affiliate are listed by owner', async ({ store }) => {
  await store.trackingEvents.create(trackingEvent(1));
  await store.trackingEvents.create(trackingEvent(2));
  await store.trackingEvents.create(trackingEvent(1));
  const own = await store.trackingEvents.list({ page: 1, limit: 10 }, { affiliate_id: 1 });
  assert.equal(own.total, 2);
  assert.ok(own.rows.every((row) => row.affiliate_id === 1));
  assert.equal((await store.trackingEvents.list({ page: 5, limit: 10 }, { affiliate_id: 2 })).total, 1);
});

storeTest('documents: every catalog write changes the catalog version, reads do not', async ({ store }) => {
  const versions = [await store.maintenance.catalogVersion()];
  const created = await store.advertisers.create(advertiser('Acme'));
  versions.push(await store.maintenance.catalogVersion());
  await store.advertisers.update(created.id, advertiser('Acme 2'));
  versions.push(await store.maintenance.catalogVersion());
  await store.trackingEvents.create(trackingEvent(1));
  versions.push(await store.maintenance.catalogVersion());
  await store.advertisers.delete(created.id);
  versions.push(await store.maintenance.catalogVersion());
  assert.equal(new Set(versions).size, versions.length, `versions repeat: ${versions.join(',')}`);

  const before = await store.maintenance.catalogVersion();
  await store.advertisers.get(created.id);
  await store.advertisers.list({ page: 1, limit: 10 });
  await store.advertisers.update(created.id + 100, advertiser('nobody'));
  await store.advertisers.delete(created.id + 100);
  assert.equal(await store.maintenance.catalogVersion(), before);
});

storeTest('documents: another process sees the changes and the new version', async ({ store, another }) => {
  const other = await another();
  const before = await other.maintenance.catalogVersion();
  const created = await store.advertisers.create(advertiser('Shared'));
  assert.notEqual(await other.maintenance.catalogVersion(), before);
  assert.deepEqual(await other.advertisers.get(created.id), created);
});
