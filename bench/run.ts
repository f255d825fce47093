/**
 * `npm run bench`: measures Trackpost against a baseline (a bare Node `http` server answering
 * 302) in the same run, and prints one markdown table. With --compare REF (or --compare-env), a
 * second build (or the same one configured otherwise) runs every scenario too, alternately, and
 * each row is shown beside its counterpart with the ratio of their rates.
 *
 * This file reads the options and runs the scenarios in order; bench/scenarios/ holds them,
 * bench/measure.ts measures one load, bench/report.ts prints. bench/README.md explains the phases
 * and the columns. Progress goes to stderr; the table (and notes) to stdout. Only loopback
 * addresses are used, every load is bounded in time and count, and every child process is
 * stopped at the end.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareBuild, type PreparedBuild } from './compare.js';
import { quiet, type Build, type Lab } from './measure.js';
import { HELP, OPT_IN, parseOptions, type BenchOptions, type Scenario } from './options.js';
import { Sink } from './outbound.js';
import { goalsText, renderTable, roundNotes, tableLines, type Report } from './report.js';
import { runBaseline } from './scenarios/baseline.js';
import { runOutbound } from './scenarios/outbound.js';
import { runOverload } from './scenarios/overload.js';
import { runPaired } from './scenarios/paired.js';
import { runPostgres } from './scenarios/postgres.js';
import { runReports } from './scenarios/reports.js';
import { runSignIn } from './scenarios/sign-in.js';
import { runSqlite, type SqliteOutcome } from './scenarios/sqlite.js';
import { killAllChildren, ROOT } from './servers.js';

function progress(message: string): void {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${time}] ${message}\n`);
}

/** Whatever happens, the bench ends (prefill and a compared build's install are allowed on top). */
function installHardLimit(options: BenchOptions, sides: number): void {
  const limitMs =
    (20 * 60 + Math.ceil(options.prefill / 50_000)) * 1000 * sides +
    (options.durationS + options.warmupS) * 1000 * 12 * (1 + options.retries) * sides +
    (options.compareRef ? 15 * 60_000 : 0);
  setTimeout(() => {
    console.error(`bench: hard time limit (${Math.round(limitMs / 1000)} s) reached, stopping`);
    killAllChildren();
    process.exit(2);
  }, limitMs).unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
}

/** One side of the run (this build, or the compared one): its lab, and what it measured. */
interface Side {
  lab: Lab;
  reports: Report[];
  empty: SqliteOutcome | null;
}

/**
 * The scenarios in order; each runs on every side (--rounds times) before the next starts, the
 * sides taking turns to go first so that neither always meets the machine in the same state.
 */
async function runScenarios(options: BenchOptions, sides: Side[]): Promise<void> {
  const wanted = (name: Scenario) => (options.only === null ? !OPT_IN.includes(name) : options.only.includes(name));
  const steps: ((side: Side) => Promise<void>)[] = [];
  if (wanted('click'))
    steps.push(async (side) => {
      side.empty = await runSqlite(side.lab, 'empty', null);
      side.reports.push(side.empty.report);
    });
  if (options.outbound && wanted('outbound'))
    steps.push(async (side) => {
      side.reports.push(await runOutbound(side.lab, side.empty!, side.lab.sink!));
    });
  if (options.prefill > 0 && wanted('prefill'))
    steps.push(async (side) => {
      side.reports.push((await runSqlite(side.lab, 'prefilled', side.empty)).report);
    });
  if (wanted('sign-in'))
    steps.push(async (side) => {
      side.reports.push(await runSignIn(side.lab));
    });
  if (wanted('overload'))
    steps.push(async (side) => {
      side.reports.push(await runOverload(side.lab));
    });
  const postgres = options.postgres;
  if (postgres && wanted('postgres'))
    steps.push(async (side) => {
      side.reports.push(await runPostgres(side.lab, postgres, side.empty!));
    });
  if (wanted('reports'))
    steps.push(async (side) => {
      // Reports read what is stored, not a setting's effect on writes: measured on this build only.
      if (side === sides[0]) side.reports.push(await runReports(side.lab));
    });
  if (options.only?.includes('paired') && sides.length === 2) {
    const [self, other] = await runPaired([sides[0].lab, sides[1].lab], options.postgres);
    sides[0].reports.push(self);
    sides[1].reports.push(other);
  }
  for (const [index, step] of steps.entries()) {
    for (let round = 0; round < options.rounds; round++) {
      const order = (index + round) % 2 === 0 ? [...sides].reverse() : sides;
      for (const side of order) {
        const of = options.rounds > 1 ? `, round ${round + 1} of ${options.rounds}` : '';
        if (sides.length > 1) progress(`--- ${side.lab.build.name}${of}`);
        await step(side);
      }
    }
  }
}

function heading(options: BenchOptions, seconds: number, loadBefore: number, compared: string | null): string {
  return (
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ` +
    `${options.connections} connections, pipelining 1, ${options.durationS} s per load after ${options.warmupS} s warm-up` +
    `${options.quick ? ' (--quick: rough figures)' : ''}; SQLite, ROLE=all unless said; ${new Date().toISOString()}; ` +
    `total ${seconds.toFixed(0)} s; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after` +
    `${options.envPairs.length ? `; server environment: ${options.envPairs.join(' ')}` : ''}` +
    `${compared ? `; rows marked [${compared}] are the compared side, "vs compared" divides this build's rate by it` : ''}.`
  );
}

function comparedName(options: BenchOptions): string | null {
  const env = options.compareEnvPairs.join(' ');
  if (options.compareRef) return env ? `${options.compareRef}, ${env}` : options.compareRef;
  return env ? `with ${env}` : null;
}

async function main(options: BenchOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-bench-'));
  progress(`working in ${dir}`);
  const sink = options.outbound ? new Sink() : null;
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const compared = comparedName(options);
  let prepared: PreparedBuild | null = null;
  const sides: Side[] = [];
  let baseline: Report | null = null;
  const newSide = (build: Build, env: Record<string, string>, folder: string): Side => {
    const sideDir = compared ? join(dir, folder) : dir;
    mkdirSync(sideDir, { recursive: true });
    return { lab: { options, build, env, dir: sideDir, sink, progress }, reports: [], empty: null };
  };
  try {
    if (options.compareRef) prepared = prepareBuild(options.compareRef, progress);
    sides.push(newSide({ name: 'this build', root: ROOT }, options.serverEnv, 'this'));
    if (compared)
      sides.push(
        newSide(
          { name: compared, root: prepared?.build.root ?? ROOT },
          { ...options.serverEnv, ...options.compareEnv },
          'compared',
        ),
      );
    if (options.waitIdleS > 0) await quiet(sides[0].lab, options.waitIdleS);
    if (sink) await sink.start();
    const only = options.only;
    if (only === null || only.includes('baseline') || only.includes('click'))
      baseline = await runBaseline(sides[0].lab);
    await runScenarios(options, sides);

    const [self, other] = sides;
    const rows = [...(baseline ? [baseline] : []), ...self.reports].flatMap((report) => report.rows);
    const otherRows = other ? other.reports.flatMap((report) => report.rows) : null;
    console.log(`\n## Trackpost benchmark\n`);
    console.log(`${heading(options, (Date.now() - started) / 1000, loadBefore, compared)}\n`);
    const lines = tableLines(rows, otherRows, compared ?? '');
    console.log(renderTable(lines));
    console.log(`\n${goalsText(cpus().length)}`);
    const notes = [...roundNotes(lines), ...[...(baseline ? [baseline] : []), ...self.reports].flatMap((r) => r.notes)];
    if (other) notes.push(...other.reports.flatMap((report) => report.notes.map((note) => `[${compared}] ${note}`)));
    if (notes.length) console.log(`\nNotes:\n${notes.map((note) => `- ${note}`).join('\n')}`);
    const profiles = sides.flatMap((side) => side.reports.flatMap((report) => report.profiles));
    if (profiles.length) console.log(`\n${profiles.join('\n\n')}`);
  } catch (error) {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    // What was measured before the failure, this build's rows then the compared side's.
    const lines = [
      ...(baseline?.rows ?? []).map((row) => ({ row })),
      ...sides.flatMap((side, index) =>
        side.reports.flatMap((report) => report.rows.map((row) => ({ row, side: index ? compared! : undefined }))),
      ),
    ];
    if (lines.length) console.log(renderTable(lines));
    process.exitCode = 1;
  } finally {
    killAllChildren();
    if (sink) await sink.stop();
    prepared?.remove();
    if (options.keep || process.exitCode)
      progress(`kept ${dir} (logs, databases${options.profile ? ', profiles' : ''})`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

let options: BenchOptions | 'help';
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
if (options === 'help') {
  console.log(HELP);
  process.exit(0);
}
installHardLimit(options, options.compareRef || options.compareEnvPairs.length ? 2 * options.rounds : 1);
await main(options);
process.exit(process.exitCode ?? 0);
