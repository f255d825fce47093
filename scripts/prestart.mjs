// Before `npm start`: brings dist/ up to date with src/ using the compiler's incremental build
// (`tsc -b`, which compares src/ with dist/.tsbuildinfo and compiles only when something changed),
// and builds the web console (web/ into dist/console) when a file under web/ is newer than its
// last build (console-build.mjs). A production install has no compiler (`npm prune --omit=dev`
// or `npm ci --omit=dev` after a build): there dist/ is what runs, as built, and this step only
// checks that it exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { buildConsoleIfStale, newestSourceMs } from './console-build.mjs';

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
  if (result.status !== 0) process.exit(result.status ?? 1);
  process.exit(buildConsoleIfStale());
}
if (!existsSync(new URL('../dist/main.js', import.meta.url))) {
  console.error(
    'dist/main.js is missing and TypeScript is not installed: run `npm install` (or `npm ci`), then `npm start`.\n' +
      'For a production install: `npm ci && npm run build && npm prune --omit=dev` (see "Production install" in README.md).',
  );
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'console', 'index.html'))) {
  console.error('warning: the web console is not built (dist/console is missing): `/` says so. Run `npm run build`.');
}

// An update pulled into a production install is not compiled: say so rather than run old code
// silently.
const builtAt = new URL('../dist/.tsbuildinfo', import.meta.url);
if (
  existsSync(builtAt) &&
  existsSync(join(root, 'src')) &&
  newestSourceMs(join(root, 'src')) > statSync(builtAt).mtimeMs
) {
  console.error('warning: src/ changed after dist/ was built, and TypeScript is not installed: running the old dist/.');
  console.error('         Rebuild: npm ci && npm run build && npm prune --omit=dev');
}
