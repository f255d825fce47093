// @sqlite-only: tests the SQLite click reader on its own file.
/**
 * Click lookups on the reader's thread: many at once come back each with its own row, a click
 * is visible as soon as its insert has committed, and lookups go on through the main connection
 * when the reader is gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newClickId } from '../../src/domain/clickid.js';
import type { Click } from '../../src/store/entities.js';
import { startClickReader } from '../../src/store/sqlite/click-reader.js';
import { sqliteClicks } from '../../src/store/sqlite/clicks.js';
import { openSqlite } from '../../src/store/sqlite/connection.js';
import { SqliteWriter } from '../../src/store/sqlite/writer.js';

function click(index: number): Click {
  return {
    clickid: newClickId(Date.now()), offer_id: 1, affiliate_id: 100 + index, subs: [`s${index}`, null, null, null, null, null, null, null],
    ip: `198.51.100.${index % 250}`, user_agent: 'test', country: 'DE', referrer: null, created_at: Date.now(),
  };
}

test('the click reader answers concurrent lookups each with its own click, and falls back once stopped', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-click-reader-'));
  const path = join(dir, 'r.db');
  const db = openSqlite(path);
  const reader = startClickReader(path, -1024);
  t.after(async () => {
    await reader.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const clicks = sqliteClicks(db, new SqliteWriter(db, 0), reader);
  const made = Array.from({ length: 50 }, (_, index) => click(index));
  await Promise.all(made.map((one) => clicks.insert(one)));

  // Committed a moment ago on the main connection, read on the reader's.
  const found = await Promise.all([...made.map((one) => clicks.get(one.clickid.toUpperCase())), clicks.get(newClickId(Date.now()))]);
  assert.deepEqual(found.slice(0, 50), made);
  assert.equal(found[50], null);

  await reader.stop();
  const late = click(51);
  await clicks.insert(late);
  assert.deepEqual(await clicks.get(late.clickid), late);
});
