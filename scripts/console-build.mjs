// Builds the web console (web/ into dist/console, with Vite) when its build is missing or older
// than a file under web/. Used by `npm start` (prestart.mjs) and by the test runner before the
// browser suite; `npm run build` always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Builds when stale; returns the exit status (0 when nothing was to do or Vite is missing). */
export function buildConsoleIfStale() {
  const vite = viteCommand();
  if (!vite || !consoleStale()) return 0;
  console.log('Building the web console (web/ into dist/console)…');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status ?? 1;
}
