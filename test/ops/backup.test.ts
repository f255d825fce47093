// @sqlite-only: copies the SQLite file another process serves.
/**
 * `npm start -- --backup <file>` in a process of its own, while the server keeps writing clicks:
 * the copy passes SQLite's integrity check and holds every click acknowledged before it began.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupDatabase } from '../../src/ops/backup.js';
import { startTestApp } from '../helpers/harness.js';
import { insertClick, seedWorld } from '../tracking/fixtures.js';

const MAIN = ['--import', 'tsx', 'src/main.ts', '--backup'];

function runBackup(databaseUrl: string, target: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...MAIN, target], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

test('a backup taken while the server writes is consistent and holds every acknowledged write', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const before: string[] = [];
  for (let i = 0; i < 200; i += 1) before.push(await insertClick(app, world));

  let writing = true;
  const during: string[] = [];
  const keepWriting = (async () => {
    while (writing) during.push(await insertClick(app, world));
  })();
  const target = join(app.dir, 'copy.db');
  const result = await runBackup(app.ctx.config.databaseUrl, target);
  writing = false;
  await keepWriting;
  assert.equal(result.code, 0, result.out);
  assert.match(result.out, /Backup written to .*copy\.db/);
  assert.ok(during.length > 0, 'the server wrote while the backup ran');

  const copy = new Database(target, { readonly: true });
  t.after(() => copy.close());
  assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
  const has = copy.prepare('SELECT 1 FROM clicks WHERE clickid = ?').pluck();
  assert.ok(
    before.every((clickid) => has.get(clickid) === 1),
    'every click acknowledged before the backup is in it',
  );
  // The copy is a database Trackpost opens as it is (the restore is a file copy).
  const tables = copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  assert.ok(tables.includes('schema_migrations') && tables.includes('conversions'));
});

test('a backup never overwrites a file, and on PostgreSQL points at pg_dump', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const target = join(app.dir, 'copy.db');
  await backupDatabase(app.ctx.config.databaseUrl, target);
  await assert.rejects(backupDatabase(app.ctx.config.databaseUrl, target), /exists; name a new file/);
  await assert.rejects(backupDatabase('postgres://nobody@127.0.0.1:1/x', join(app.dir, 'x.db')), /pg_dump/);
});
