// @sqlite-only: tests the SQLite checkpointer on its own file.
/**
 * The WAL stays small under writes that never pause: without the writer holding its batches
 * while the worker copies the last frames, SQLite would append to the WAL for as long as the
 * load lasts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { startCheckpointer } from '../../src/store/sqlite/checkpointer.js';
import { openSqlite } from '../../src/store/sqlite/connection.js';
import { SqliteWriter } from '../../src/store/sqlite/writer.js';

const ROW_BYTES = 2000;
const WRITES = 20_000; // about 40 MB of rows

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

test('under a steady stream of writes the WAL is restarted, and no write is lost', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-checkpointer-'));
  const path = join(dir, 'c.db');
  const db = openSqlite(path);
  const writer = new SqliteWriter(db, 0);
  const checkpointer = startCheckpointer(path, writer, { restartFrames: 200, intervalMs: 10 });
  t.after(async () => {
    await checkpointer.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO rows (id, data) VALUES (?, ?)');
  const data = Buffer.alloc(ROW_BYTES, 7);

  let largestWal = 0;
  const pending: Promise<unknown>[] = [];
  // Like a server under load: every turn of the event loop spends a moment reading requests
  // and commits a batch, so commits land during every checkpoint pass, the last one included
  // unless the writer holds them (without the hold the WAL grows past everything written).
  for (let i = 0; i < WRITES; i++) {
    pending.push(writer.write(() => insert.run(i, data)));
    if (i % 20 === 19) {
      busyFor(0.3);
      await nextTurn();
      largestWal = Math.max(largestWal, statSync(`${path}-wal`).size);
    }
  }
  await Promise.all(pending);

  assert.equal(db.prepare('SELECT count(*) FROM rows').pluck().get(), WRITES);
  const written = WRITES * ROW_BYTES;
  t.diagnostic(`largest WAL: ${largestWal} bytes for ${written} bytes written`);
  assert.ok(largestWal < written / 3, `the WAL reached ${largestWal} bytes for ${written} bytes written`);
});
