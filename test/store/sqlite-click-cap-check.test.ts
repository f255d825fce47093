/**
 * On SQLite a click's cap check makes no database round trip once its counter is known: the
 * writer is in the process, so the value its last write left is kept in memory. Proved by taking
 * the counter tables away behind the store's back: a known counter is still answered, an
 * unknown one fails because it must be read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { capSettings } from '../../src/domain/caps.js';
import { clickCaps } from '../../src/domain/click-caps.js';
import { openStore } from '../../src/store/open.js';
import { directSql } from '../helpers/direct-sql.js';
import { sampleCapRule } from '../unit/samples.js';
import { makeClick } from './fixtures.js';

test('SQLite: a known clicks counter is checked without reading the database', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-cap-check-'));
  const url = `file:${join(dir, 'test.db')}`;
  const store = await openStore({ databaseUrl: url, writeBatchMs: 1 });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const settings = capSettings({ caps: [sampleCapRule({ affiliate_type: 'each', value: 3 })] });
  const now = Date.now();
  const joins = (affiliate: number) => clickCaps(settings, 1, 'USD', affiliate, now)?.joins ?? [];
  for (let i = 0; i < 3; i++) {
    const click = makeClick({ created_at: now, affiliate_id: 7 });
    await store.clicks.insert(click, { advertiser_id: 3, currency: 'USD', caps: joins(7) });
  }

  await directSql(url, [
    'ALTER TABLE cap_counters RENAME TO cap_counters_away',
    'ALTER TABLE stat_clicks RENAME TO stat_clicks_away',
  ]);
  try {
    assert.equal(await store.caps.reachedAtClick(joins(7)), true);
    assert.deepEqual(await store.caps.values(joins(7)), [3]);
    // Affiliate 8's counter was never written or read here: checking it needs the tables.
    await assert.rejects(store.caps.reachedAtClick(joins(8)), /no such table/);
  } finally {
    await directSql(url, [
      'ALTER TABLE cap_counters_away RENAME TO cap_counters',
      'ALTER TABLE stat_clicks_away RENAME TO stat_clicks',
    ]);
  }
  assert.equal(await store.caps.reachedAtClick(joins(8)), false);
});
