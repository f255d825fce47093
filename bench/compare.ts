/**
 * A second build for `--compare <ref>`: the ref checked out in a temporary git worktree, given
 * this tree's node_modules when both lock files install the same packages (else a copy of them
 * that npm brings to the ref's lock file), and built with its own build script. Removed again at
 * the end.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Build } from './measure.js';
import { ROOT } from './servers.js';

export interface PreparedBuild {
  build: Build;
  /** Removes the worktree. */
  remove(): void;
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function npm(args: string[], cwd: string): void {
  // stdout of npm stays off the bench's stdout (the table); its errors go to stderr.
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * The packages a lock file installs (every entry but the project's own), as one string: two
 * trees with the same string have the same node_modules, whatever their package.json says.
 */
function lockedPackages(dir: string): string | null {
  const path = join(dir, 'package-lock.json');
  if (!existsSync(path)) return null;
  const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages?: Record<string, unknown> };
  const { '': _project, ...packages } = lock.packages ?? {};
  return JSON.stringify(packages);
}

export function prepareBuild(ref: string, progress: (message: string) => void): PreparedBuild {
  let commit: string;
  try {
    commit = run('git', ['rev-parse', '--verify', `${ref}^{commit}`], ROOT).trim();
  } catch {
    throw new Error(`--compare: "${ref}" is not a commit, branch or tag of this repository`);
  }
  const parent = mkdtempSync(join(tmpdir(), 'trackpost-compare-'));
  const root = join(parent, 'tree');
  progress(`compare: checking out ${ref} (${commit.slice(0, 12)}) in ${root}`);
  run('git', ['worktree', 'add', '--detach', root, commit], ROOT);
  const remove = () => {
    try {
      run('git', ['worktree', 'remove', '--force', root], ROOT);
    } catch {
      // already gone
    }
    rmSync(parent, { recursive: true, force: true });
  };
  try {
    const installed = lockedPackages(root);
    if (installed !== null && installed === lockedPackages(ROOT)) {
      progress("compare: the lock files install the same packages: using this tree's node_modules");
      symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    } else {
      // A copy of this tree's packages, brought to the ref's lock file by npm: only what differs
      // is fetched, and native modules of the same version are not built again.
      progress(`compare: the lock files differ: copying node_modules and running npm install in ${root}`);
      cpSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), { recursive: true, verbatimSymlinks: true });
      npm(['install', '--no-audit', '--no-fund', '--no-save'], root);
    }
    progress(`compare: building ${ref}`);
    npm(['run', 'build', '--silent'], root);
    if (!existsSync(join(root, 'dist', 'main.js'))) throw new Error(`--compare: building ${ref} made no dist/main.js`);
  } catch (error) {
    remove();
    throw error;
  }
  return { build: { name: ref, root }, remove };
}
