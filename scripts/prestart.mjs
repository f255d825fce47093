// Before `npm start`: brings dist/ up to date with src/ using the compiler's incremental build
// (`tsc -b`, which compares src/ with dist/.tsbuildinfo and compiles only when something changed).
// A production install has no compiler (`npm prune --omit=dev` or `npm ci --omit=dev` after a
// build): there dist/ is what runs, as built, and this step only checks that it exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;

let tsc = null;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  // no compiler installed: a production install
}

if (tsc) {
  const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
if (!existsSync(new URL('../dist/main.js', import.meta.url))) {
  console.error(
    'dist/main.js is missing and TypeScript is not installed: run `npm install` (or `npm ci`), then `npm start`.\n' +
      'For a production install: `npm ci && npm run build && npm prune --omit=dev` (see "Production install" in README.md).',
  );
  process.exit(1);
}

// An update pulled into a production install is not compiled: say so rather than run old code
// silently.
function newestSourceMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}
const builtAt = new URL('../dist/.tsbuildinfo', import.meta.url);
if (
  existsSync(builtAt) &&
  existsSync(join(root, 'src')) &&
  newestSourceMs(join(root, 'src')) > statSync(builtAt).mtimeMs
) {
  console.error('warning: src/ changed after dist/ was built, and TypeScript is not installed: running the old dist/.');
  console.error('         Rebuild: npm ci && npm run build && npm prune --omit=dev');
}
