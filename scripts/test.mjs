// Runs every test file under test/ with node's test runner (Node 20 has no glob for --test).
// Without TEST_DATABASE_URL the PostgreSQL suites skip themselves; say so plainly.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : testFiles('test').sort();
if (!process.env.TEST_DATABASE_URL) {
  console.log('NOTE: TEST_DATABASE_URL is not set: the PostgreSQL suite is SKIPPED (SQLite suites run).');
  console.log('      Run TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test to include it.');
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
