/**
 * `npm start` as a new user runs it (it builds, then starts `node dist/main.js`): a real process
 * on a fresh database prints its address and a generated admin key that works; a bad variable
 * stops it with one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = ['--import', 'tsx', 'src/main.ts'];

test('first start prints the address and an admin key that works', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-start-'));
  // Its own process group: npm, the shell and node stop together.
  const child = spawn('npm', ['start', '--silent'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'db', 'trackpost.db')}`,
      ADMIN_API_KEY: '',
      LOG_LEVEL: 'warn',
      TEST_APP_DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  t.after(() => {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });
  let out = '';
  const printed = await new Promise<{ base: string; key: string }>((resolve, reject) => {
    // The first start compiles every source: seconds on an idle machine, minutes on a busy one.
    // The limit only stops a start that hangs; the test waits for the printed lines themselves.
    const timer = setTimeout(() => reject(new Error(`no address and key printed:\n${out}`)), 300_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const base = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const key = /Admin key \(shown once, keep it\): ([0-9a-f]{40})/.exec(out)?.[1];
      if (base && key) {
        clearTimeout(timer);
        resolve({ base: base.replace('localhost', '127.0.0.1'), key });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
  const withKey = await fetch(`${printed.base}/3.0/admin/offers`, { headers: { 'api-key': printed.key } });
  assert.equal(withKey.status, 200);
  const wrongKey = await fetch(`${printed.base}/3.0/admin/offers`, { headers: { 'api-key': 'x'.repeat(40) } });
  assert.deepEqual(
    [wrongKey.status, await wrongKey.json()],
    [401, { status: 2, error: 'Unauthorized', message: 'Unauthorized' }],
  );
});

test('a bad variable stops the start with one line naming it', () => {
  const result = spawnSync(process.execPath, MAIN, {
    env: { ...process.env, PORT: 'eighty' },
    encoding: 'utf8',
    // Only a hang limit: tsx compiles the entry on first use, slow on a busy machine.
    timeout: 180_000,
  });
  assert.equal(result.status, 1);
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((line) => !line.includes('ExperimentalWarning'));
  assert.deepEqual(lines, ['Configuration error: PORT must be a whole number from 0 to 65535, got "eighty"']);
});
