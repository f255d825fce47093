// @sqlite-only: tests the SQLite group-commit writer on its own file.
/** Group commit on SQLite: one failing write in a batch is undone alone; the rest commit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../src/store/sqlite/connection.js';
import { SqliteWriter } from '../../src/store/sqlite/writer.js';

for (const windowMs of [0, 2]) {
  test(`a failing write is rolled back alone, the others of its batch commit (window ${windowMs} ms)`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'trackpost-writer-'));
    const db = openSqlite(join(dir, 'w.db'));
    t.after(() => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const writer = new SqliteWriter(db, windowMs);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const writes = Array.from({ length: 20 }, (_, i) =>
      writer.write(() => {
        insert.run(`k${i}`, 'first');
        // The 8th write inserts a key twice: it must fail, and only its own row may vanish.
        if (i === 7) insert.run(`k${i}`, 'again');
        return i;
      }),
    );
    const results = await Promise.allSettled(writes);
    assert.equal(results.filter((r) => r.status === 'rejected').length, 1);
    assert.equal(results[7].status, 'rejected');
    assert.match(String((results[7] as PromiseRejectedResult).reason), /UNIQUE/);
    const keys = db
      .prepare("SELECT key FROM settings WHERE key LIKE 'k%' ORDER BY CAST(substr(key, 2) AS INTEGER)")
      .pluck()
      .all();
    assert.deepEqual(
      keys,
      Array.from({ length: 20 }, (_, i) => `k${i}`).filter((k) => k !== 'k7'),
    );
  });
}

test('a held writer starts no transaction; on release the writes queued meanwhile commit together', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-writer-'));
  const db = openSqlite(join(dir, 'w.db'));
  t.after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const writer = new SqliteWriter(db, 0);
  const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  const count = db.prepare("SELECT count(*) FROM settings WHERE key LIKE 'h%'").pluck();
  const settled: number[] = [];

  writer.hold();
  // Each write records how many rows it saw, its own included: in queue order, 1, 2, … 5.
  const writes = Array.from({ length: 5 }, (_, i) =>
    writer
      .write(() => {
        insert.run(`h${i}`, 'v');
        return count.get() as number;
      })
      .then((seen) => settled.push(seen)),
  );
  writer.flush(); // an explicit flush while held must not start the batch either
  // Writes run synchronously when a batch starts; one turn of the event loop lets any that
  // had run settle.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(settled, [], 'no write may settle while the writer is held');
  assert.equal(count.get(), 0);

  writer.release();
  // release() runs the whole queue at once, not a write per later turn of the event loop.
  assert.equal(count.get(), 5);
  await Promise.all(writes);
  assert.deepEqual(settled, [1, 2, 3, 4, 5]);
  assert.equal(count.get(), 5);
});
