// Builds the web console (web/ into dist/console, with Vite) when its build is missing or older
// than a file under web/. Used by `npm start` (prestart.mjs) and by the test runner before the
// browser suite; `npm run build` always builds (`node scripts/console-build.mjs --force`).
// Each built file also gets a gzip and a brotli copy, which the server sends to browsers that
// accept them (@fastify/static's preCompressed), so nothing is compressed per request.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;

/** The newest modification time of any file under `dir`. */
export function newestSourceMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The Vite command, or null in a production install (no devDependencies). */
export function viteCommand() {
  try {
    // The package's exports do not list its command; find it beside its package.json.
    return join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    return null;
  }
}

export function consoleStale() {
  const built = join(root, 'dist', 'console', 'index.html');
  return !existsSync(built) || newestSourceMs(join(root, 'web')) > statSync(built).mtimeMs;
}

/** Writes `<file>.gz` and `<file>.br` beside every script and style sheet of the build. */
function precompress() {
  const assets = join(root, 'dist', 'console', 'assets');
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const content = readFileSync(join(assets, name));
    writeFileSync(join(assets, `${name}.gz`), gzipSync(content, { level: 9 }));
    writeFileSync(
      join(assets, `${name}.br`),
      brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
  }
}

/** Builds the console; returns the exit status (1 without Vite). */
export function buildConsole() {
  const vite = viteCommand();
  if (!vite) {
    console.error('Vite is not installed (a production install?): run `npm install` to build the console.');
    return 1;
  }
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) return result.status ?? 1;
  precompress();
  return 0;
}

/** Builds when stale; returns the exit status (0 when nothing was to do or Vite is missing). */
export function buildConsoleIfStale() {
  if (!viteCommand() || !consoleStale()) return 0;
  console.log('Building the web console (web/ into dist/console)…');
  return buildConsole();
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1] && process.argv.includes('--force')) {
  process.exit(buildConsole());
}
