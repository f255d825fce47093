/**
 * Clicks cap checks on PostgreSQL with two processes: a process answers a check from memory only
 * once it has measured the other's rate, so clicks the other stored since its last read are
 * seen. (What is remembered, and when it stands in for a read, is tested on a clock the test
 * moves in test/unit/click-cap-memory.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capSettings } from '../../src/domain/caps.js';
import { clickCaps } from '../../src/domain/click-caps.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { dropPostgresSchema, freshPostgresUrl } from '../helpers/backends.js';
import { sampleCapRule } from '../unit/samples.js';
import { makeClick } from './fixtures.js';

const BASE = process.env.TEST_DATABASE_URL;
const skip = BASE ? undefined : 'TEST_DATABASE_URL is not set: a second process needs PostgreSQL';

async function twoProcesses(t: { after(fn: () => Promise<void>): void }): Promise<[Store, Store]> {
  const url = freshPostgresUrl(BASE as string);
  const processes: [Store, Store] = [
    await openStore({ databaseUrl: url, writeBatchMs: 1 }),
    await openStore({ databaseUrl: url, writeBatchMs: 1 }),
  ];
  t.after(async () => {
    await Promise.all(processes.map((store) => store.close()));
    await dropPostgresSchema(url);
  });
  return processes;
}

const now = Date.now();
const joins = (limit: number) =>
  clickCaps(capSettings({ caps: [sampleCapRule({ value: limit })] }), 1, 'USD', 7, now)?.joins ?? [];

async function storeClicks(store: Store, limit: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const click = makeClick({ offer_id: 1, affiliate_id: 7, created_at: now });
    await store.clicks.insert(click, { advertiser_id: 3, currency: 'USD', caps: joins(limit) });
  }
}

test('click cap memory: clicks another process stored since the last read are seen', { skip }, async (t) => {
  const [one, other] = await twoProcesses(t);
  assert.equal(await one.caps.reachedAtClick(joins(5)), false);
  await storeClicks(other, 5, 5);
  assert.equal(await one.caps.reachedAtClick(joins(5)), true);
});
