// Runs every test file under test/ with node's test runner (Node 20 has no glob for --test).
// Without TEST_DATABASE_URL the PostgreSQL suites skip themselves; say so plainly.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildConsoleIfStale } from './console-build.mjs';
import { chromiumPath } from './chromium.mjs';

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
// A folder given on the command line stands for the test files under it (npm run test:unit).
let files = (only.length > 0 ? only : ['test']).flatMap((arg) =>
  statSync(arg).isDirectory() ? testFiles(arg).sort() : [arg],
);
if (!process.env.TEST_DATABASE_URL) {
  console.log('NOTE: TEST_DATABASE_URL is not set: the PostgreSQL suite is SKIPPED (SQLite suites run).');
  console.log('      Run TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test to include it.');
}
// TEST_APP_DATABASE_URL runs every app-level test on PostgreSQL; files that open the SQLite
// file themselves (marked "@sqlite-only" on their first line) cannot, and are left out.
if (process.env.TEST_APP_DATABASE_URL) {
  const sqliteOnly = files.filter((file) => readFileSync(file, 'utf8').split('\n', 1)[0].includes('@sqlite-only'));
  files = files.filter((file) => !sqliteOnly.includes(file));
  console.log(
    `NOTE: app tests run on PostgreSQL (TEST_APP_DATABASE_URL); left out as SQLite-only: ${sqliteOnly.join(', ')}`,
  );
}
// The browser suite (test/browser/) drives the built console in Debian's Chromium.
if (files.some((file) => file.split(/[\\/]/).includes('browser'))) {
  if (!chromiumPath()) {
    console.log('NOTE: no Chromium found: the browser suite (test/browser/) is SKIPPED.');
    console.log('      Run `apt-get install -y chromium-headless-shell` (or set CHROMIUM_PATH), then npm test.');
  } else if (buildConsoleIfStale() !== 0) {
    console.error('The web console did not build: the browser suite cannot run.');
    process.exit(1);
  }
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
