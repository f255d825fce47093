/**
 * `npm run bench`: measures Trackpost against a baseline (a bare Node `http` server answering
 * 302) in the same run, and prints one markdown table.
 *
 *   npm run bench                               default: about 2 minutes on a quiet machine
 *   npm run bench -- --prefill 5000000          also a run on a database holding 5M clicks
 *   npm run bench -- --duration 20 --connections 200
 *   npm run bench -- --profile                  CPU profile of the server per phase (--cpu-prof)
 *   npm run bench -- --no-outbound              skips the outbound (affiliate postback) section
 *   npm run bench -- --postgres postgres://…    also on PostgreSQL (2 × ROLE=http + a worker)
 *
 * Progress goes to stderr; the table (and notes) to stdout. Only loopback addresses are used,
 * every load is bounded in time and count, and every child process is stopped at the end.
 * bench/README.md explains the phases and the columns.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPostbackBody, IdPool, percentile, runLoad, type LoadResult, type LoadSpec } from './load.js';
import { Sink } from './outbound.js';
import { pacedLoad, type PacedOptions } from './paced.js';
import { insertClicks, readClickIds } from './prefill.js';
import { findProfile, formatProfile, monotonicUs, summarizeProfile } from './profile.js';
import { benchSchemaUrl, dropSchema, insertClicksPg, readClickIdsPg } from './postgres.js';
import { seedDatabase, seedPostgres, type Seeded } from './seed.js';
import {
  CpuMeter,
  killAllChildren,
  MachineCpuMeter,
  readWriteBytes,
  RssSampler,
  startBaseline,
  startTrackpost,
  waitForQuiet,
  type ChildServer,
} from './servers.js';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

// ---------------------------------------------------------------------------------------------
// Options

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '100' },
    prefill: { type: 'string', default: '0' },
    'postback-method': { type: 'string', default: 'GET' },
    'outbound-rate': { type: 'string', default: '1000' },
    'outbound-jobs': { type: 'string', default: '60000' },
    'no-outbound': { type: 'boolean', default: false },
    retries: { type: 'string', default: '2' },
    'wait-idle': { type: 'string', default: '30' },
    profile: { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    postgres: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

if (flags.help) {
  console.log(`npm run bench -- [options]
  --duration S         seconds of each measured load (10)
  --warmup S           seconds of unmeasured load before each (2)
  --connections C      concurrent connections (100), pipelining 1
  --prefill N          also run on a database prefilled with N clicks
  --postback-method M  GET or POST (form body) for /postback (GET)
  --no-outbound        skip the affiliate postback section
  --outbound-rate R    postbacks per second for the end-to-end latency (1000)
  --outbound-jobs N    affiliate postbacks queued per attempt for the delivery test (60000)
  --retries R          repeat a load disturbed by other processes up to R times (2)
  --wait-idle S        wait up to S seconds for a quiet machine at start (30; 0: never wait)
  --postgres URL       also run /click and /postback on PostgreSQL (postgres://…), two ROLE=http
                       processes and a ROLE=worker, in a schema of its own dropped at the end
  --profile            CPU-profile the server in each phase and summarize it
  --env NAME=VALUE     extra configuration for every Trackpost process (repeatable), e.g.
                       --env WRITE_BATCH_MS=5 --env DELIVERY_HOST_CONCURRENCY=64
  --keep               keep the temporary folder (databases, logs, profiles)`);
  process.exit(0);
}

function positive(name: string, raw: string, allowZero = false): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    console.error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

const method = flags['postback-method']!.toUpperCase();
if (method !== 'GET' && method !== 'POST') {
  console.error(`--postback-method must be GET or POST, got "${flags['postback-method']}"`);
  process.exit(1);
}

/** --env NAME=VALUE pairs for the Trackpost processes. */
const serverEnv: Record<string, string> = { OUTBOUND_ALLOW_PRIVATE: 'true' };
for (const pair of flags.env ?? []) {
  const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair);
  if (!match) {
    console.error(`--env expects NAME=VALUE, got "${pair}"`);
    process.exit(1);
  }
  serverEnv[match[1]] = match[2];
}

const options = {
  durationS: positive('duration', flags.duration!),
  warmupS: positive('warmup', flags.warmup!, true),
  connections: Math.round(positive('connections', flags.connections!)),
  prefill: Math.round(positive('prefill', flags.prefill!, true)),
  postbackMethod: method as 'GET' | 'POST',
  outbound: !flags['no-outbound'],
  outboundRate: Math.round(positive('outbound-rate', flags['outbound-rate']!)),
  outboundJobs: Math.round(positive('outbound-jobs', flags['outbound-jobs']!)),
  retries: Math.round(positive('retries', flags.retries!, true)),
  waitIdleS: positive('wait-idle', flags['wait-idle']!, true),
  profile: flags.profile!,
  keep: flags.keep!,
  postgres: flags.postgres ?? null,
};

/** Goals shown next to the figures. */
const TARGET = {
  clickRps: 20_000,
  clickVsBaseline: 0.5,
  postbackRps: 8_000,
  p99Ms: 20,
  rssMb: 250,
  prefillVsEmpty: 0.8,
  /** PostgreSQL, two HTTP processes on this machine. */
  pgClickRps: 8_000,
  pgPostbackRps: 3_000,
};

/** A paced row holds its rate when it answers at least this share of it, all good. */
const PACED_MIN_SHARE = 0.98;

/** Other processes' CPU (cores) above which a load counts as disturbed. */
const DISTURBED_CORES = 0.25;
/** The fastest /postback rate the click pools are sized for. */
const POOL_RATE = 30_000;

// Hard stop: whatever happens, the bench ends (prefill time is allowed on top).
const hardLimitMs =
  (20 * 60 + Math.ceil(options.prefill / 50_000)) * 1000 +
  (options.durationS + options.warmupS) * 1000 * 12 * (1 + options.retries);
setTimeout(() => {
  console.error(`bench: hard time limit (${Math.round(hardLimitMs / 1000)} s) reached, stopping`);
  killAllChildren();
  process.exit(2);
}, hardLimitMs).unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

function progress(message: string): void {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${time}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Rows of the table

interface Row {
  target: string;
  result: LoadResult | null;
  /** Overrides of the figures (outbound rows). */
  rps?: number;
  p50?: number;
  p99?: number;
  errors?: number;
  rssMb: number | null;
  /** CPU of the server process during the load (1 = one core). */
  serverCpu?: number;
  /** CPU used during the load by processes other than the server and the bench (cores). */
  othersCpu?: number;
  /** Which goals apply. */
  kind: 'baseline' | 'click' | 'postback' | 'paced' | 'pg-click' | 'pg-postback' | 'other';
  /** The same target measured on the empty database (prefilled rows). */
  emptyRow?: Row;
  /** The rate a paced row was asked for. */
  pacedRate?: number;
  note?: string;
}

const rows: Row[] = [];
const notes: string[] = [];
const profiles: string[] = [];

const rpsOf = (row: Row) => row.rps ?? row.result?.okRps ?? NaN;
const p50Of = (row: Row) => row.p50 ?? row.result?.p50 ?? NaN;
const p99Of = (row: Row) => row.p99 ?? row.result?.p99 ?? NaN;
const errorsOf = (row: Row) => row.errors ?? row.result?.errorCount ?? 0;

function fmtInt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}
function fmtMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}
function fmtPct(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : 'n/a';
}

function goalsOf(row: Row, baselineRps: number): string {
  if (row.kind === 'baseline' || row.kind === 'other') return row.note ?? '';
  const misses: string[] = [];
  const rps = rpsOf(row);
  if (row.kind === 'pg-click' || row.kind === 'pg-postback') {
    // The PostgreSQL goals are throughput only: 8,000 clicks/s and 3,000 postbacks/s.
    const goal = row.kind === 'pg-click' ? TARGET.pgClickRps : TARGET.pgPostbackRps;
    if (!(rps >= goal)) misses.push(`< ${fmtInt(goal)}/s`);
    if (errorsOf(row) > 0) misses.push('errors');
    const text = misses.length === 0 ? 'met' : `missed: ${misses.join(', ')}`;
    return row.note ? `${text}; ${row.note}` : text;
  }
  if (row.kind === 'click') {
    if (!(rps >= TARGET.clickRps)) misses.push(`< ${fmtInt(TARGET.clickRps)}/s`);
    if (!(rps / baselineRps >= TARGET.clickVsBaseline)) misses.push(`< ${fmtPct(TARGET.clickVsBaseline)} of baseline`);
  }
  if (row.kind === 'postback' && !(rps >= TARGET.postbackRps)) misses.push(`< ${fmtInt(TARGET.postbackRps)}/s`);
  // The p99 goal holds "at those rates": it is judged on the paced rows. A closed loop of 100
  // connections keeps the server saturated, so its p99 is mostly queueing (100 / req/s).
  if (row.kind === 'paced') {
    if (!(p99Of(row) < TARGET.p99Ms)) misses.push(`p99 >= ${TARGET.p99Ms} ms`);
    if (!(rps >= PACED_MIN_SHARE * (row.pacedRate ?? 0))) misses.push(`rate not held`);
  }
  if (row.rssMb !== null && !(row.rssMb < TARGET.rssMb)) misses.push(`RSS >= ${TARGET.rssMb} MB`);
  if (row.emptyRow && !(rps / rpsOf(row.emptyRow) >= TARGET.prefillVsEmpty))
    misses.push(`< ${fmtPct(TARGET.prefillVsEmpty)} of empty DB`);
  if (errorsOf(row) > 0) misses.push('errors');
  const text = misses.length === 0 ? 'met' : `missed: ${misses.join(', ')}`;
  return row.note ? `${text}; ${row.note}` : text;
}

function renderTable(): string {
  const baseline = rows.find((row) => row.kind === 'baseline');
  const baselineRps = baseline ? rpsOf(baseline) : NaN;
  const lines = [
    '| target | req/s | p50 ms | p99 ms | vs baseline | vs empty DB | errors | peak RSS MB | server CPU | others CPU | goals |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const rps = rpsOf(row);
    const vsBaseline = row.kind === 'baseline' ? '100%' : row.kind === 'other' ? '' : fmtPct(rps / baselineRps);
    const vsEmpty = row.emptyRow ? fmtPct(rps / rpsOf(row.emptyRow)) : '';
    const cpu = (value: number | undefined) => (value === undefined ? '' : fmtPct(value));
    lines.push(
      `| ${row.target} | ${fmtInt(rps)} | ${fmtMs(p50Of(row))} | ${fmtMs(p99Of(row))} | ${vsBaseline} | ${vsEmpty} | ` +
        `${fmtInt(errorsOf(row))} | ${row.rssMb === null ? 'n/a' : row.rssMb.toFixed(0)} | ${cpu(row.serverCpu)} | ` +
        `${cpu(row.othersCpu)} | ${goalsOf(row, baselineRps)} |`,
    );
  }
  return lines.join('\n');
}

function noteErrors(label: string, result: LoadResult): void {
  if (result.errors.size === 0) return;
  const kinds = [...result.errors]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([kind, n]) => `${fmtInt(n)} × ${kind}`)
    .join('; ');
  notes.push(`${label}: ${kinds}`);
}

// ---------------------------------------------------------------------------------------------
// Measuring one phase

type PhaseSpec = Omit<LoadSpec, 'base' | 'durationS'>;

interface Phase {
  label: string;
  /** The load's spec, built anew for the warm-up and for every attempt. */
  spec: () => PhaseSpec;
  /** Runs before the warm-up and before every attempt (tops up click pools). */
  prepare?: (seconds: number) => void | Promise<void>;
  durationS?: number;
  warmup?: boolean;
  /** Other processes are part of the setup (PostgreSQL): their CPU is no disturbance. */
  othersExpected?: boolean;
}

interface Measured {
  /** Bytes the server wrote to storage per good answer. */
  diskBytesPerOk?: number;
  /** [fromUs, toUs] of each measured attempt (monotonicUs), for the CPU profile. */
  windows?: [number, number][];
  result: LoadResult;
  rssMb: number;
  serverCpu: number;
  othersCpu: number;
}

/**
 * A warm-up (not measured), then the measured load against `server` with its RSS and CPU
 * sampled. A load during which other processes took more than DISTURBED_CORES is repeated (up
 * to --retries times, after waiting for quiet); the least disturbed attempt is kept.
 */
async function measure(target: ChildServer | ChildServer[], phase: Phase): Promise<Measured> {
  const servers = Array.isArray(target) ? target : [target];
  const base = servers.map((server) => server.base);
  const durationS = phase.durationS ?? options.durationS;
  if (options.warmupS > 0 && phase.warmup !== false) {
    await phase.prepare?.(options.warmupS);
    progress(`${phase.label}: warm-up ${options.warmupS} s`);
    await runLoad({ ...phase.spec(), base, durationS: options.warmupS });
  }
  let best: Measured | null = null;
  const windows: [number, number][] = [];
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    await quiet();
    await phase.prepare?.(durationS);
    progress(
      `${phase.label}: ${durationS} s, ${phase.spec().connections} connections${attempt ? ` (attempt ${attempt + 1})` : ''}`,
    );
    const samplers = servers.map((server) => new RssSampler(server.pid));
    const cpus = servers.map((server) => new CpuMeter(server.pid));
    const machine = new MachineCpuMeter();
    const fromUs = monotonicUs();
    const written = () =>
      servers.reduce<number | null>((sum, server) => {
        const bytes = readWriteBytes(server.pid);
        return sum === null || bytes === null ? null : sum + bytes;
      }, 0);
    const writtenBefore = written();
    const result = await runLoad({ ...phase.spec(), base, durationS });
    windows.push([fromUs, monotonicUs()]);
    const writtenAfter = written();
    const diskBytesPerOk =
      writtenBefore === null || writtenAfter === null || result.ok === 0
        ? undefined
        : (writtenAfter - writtenBefore) / result.ok;
    // Several processes: their CPU adds up, the RSS shown is the largest process's.
    const serverCpu = cpus.reduce((sum, meter) => sum + meter.stop(), 0);
    const othersCpu = Math.max(0, machine.stop() - serverCpu - result.clientCpu);
    const rssMb = Math.max(...samplers.map((sampler) => sampler.stop()));
    progress(
      `${phase.label}: ${fmtInt(result.okRps)} ok/s, p50 ${fmtMs(result.p50)} ms, p99 ${fmtMs(result.p99)} ms, ` +
        `${fmtInt(result.errorCount)} errors, server CPU ${fmtPct(serverCpu)}, load generator CPU ${fmtPct(result.clientCpu)}, ` +
        `others ${fmtPct(othersCpu)}${result.exhausted ? ' (click pool used up early)' : ''}`,
    );
    const measured: Measured = {
      result,
      rssMb: Math.max(rssMb, best?.rssMb ?? 0),
      serverCpu,
      othersCpu,
      diskBytesPerOk,
    };
    if (!best || othersCpu < best.othersCpu) best = measured;
    else best.rssMb = measured.rssMb;
    if (othersCpu <= DISTURBED_CORES || phase.othersExpected) break;
  }
  const { result, othersCpu, diskBytesPerOk } = best!;
  if (diskBytesPerOk !== undefined && diskBytesPerOk > 0) {
    notes.push(
      `${phase.label}: the server wrote ${(diskBytesPerOk / 1024).toFixed(1)} KB to disk per good answer ` +
        `(${((diskBytesPerOk * result.okRps) / 1048576).toFixed(1)} MB/s)`,
    );
  }
  noteErrors(phase.label, result);
  if (result.exhausted)
    notes.push(`${phase.label}: the pool of click ids ran out after ${result.elapsedS.toFixed(1)} s`);
  if (result.clientCpu > 0.9) {
    notes.push(`${phase.label}: the load generator used ${fmtPct(result.clientCpu)} of a core: it may be the limit`);
  }
  if (othersCpu > DISTURBED_CORES && !phase.othersExpected) {
    notes.push(
      `${phase.label}: other processes used ${othersCpu.toFixed(2)} cores during the load (the machine was not quiet): the figures are low`,
    );
  }
  return { ...best!, windows };
}

/** Before a measured load: waits (a little) for other processes to leave the CPUs alone. */
async function quiet(maxWaitS = 10): Promise<void> {
  if (options.waitIdleS <= 0) return;
  const busy = await waitForQuiet(0.2, Math.min(maxWaitS, options.waitIdleS), (cores) =>
    progress(`waiting for a quiet machine: ${cores.toFixed(2)} cores busy`),
  );
  if (busy > 0.2) progress(`going on anyway: ${busy.toFixed(2)} cores busy`);
}

/**
 * The latency goal "at those rates": an open-loop load at exactly `rate` requests per second
 * (bench/paced.ts), after a warm-up at the same rate, on a server already warm from its
 * closed-loop phase. One row, judged on its p99 and on holding the rate.
 */
async function measurePaced(
  server: ChildServer,
  windows: [number, number][],
  phase: {
    label: string;
    rate: number;
    /** The paths for `count` requests. */
    paths: (count: number) => PacedOptions['paths'];
    expect: PacedOptions['expect'];
  },
): Promise<Row> {
  await quiet();
  progress(`${phase.label}: ${options.warmupS} s warm-up, then ${options.durationS} s`);
  const sampler = new RssSampler(server.pid);
  const cpu = new CpuMeter(server.pid);
  const machine = new MachineCpuMeter();
  const fromUs = monotonicUs();
  const result = await pacedLoad({
    base: server.base,
    rate: phase.rate,
    warmupS: options.warmupS,
    durationS: options.durationS,
    paths: phase.paths(Math.ceil(phase.rate * (options.warmupS + options.durationS)) + 100),
    expect: phase.expect,
  });
  windows.push([fromUs, monotonicUs()]);
  const serverCpu = cpu.stop();
  const othersCpu = Math.max(0, machine.stop() - serverCpu - result.clientCpu);
  const rssMb = sampler.stop();
  let errors = 0;
  for (const n of result.errors.values()) errors += n;
  if (errors > 0)
    notes.push(`${phase.label}: ${[...result.errors].map(([kind, n]) => `${fmtInt(n)} × ${kind}`).join('; ')}`);
  if (othersCpu > DISTURBED_CORES)
    notes.push(`${phase.label}: other processes used ${othersCpu.toFixed(2)} cores meanwhile`);
  const p50 = percentile(result.latencies, 50);
  const p99 = percentile(result.latencies, 99);
  progress(
    `${phase.label}: ${fmtInt(result.okRps)} ok/s, p50 ${fmtMs(p50)} ms, p99 ${fmtMs(p99)} ms, ${fmtInt(errors)} errors, ` +
      `server CPU ${fmtPct(serverCpu)}, load generator CPU ${fmtPct(result.clientCpu)}`,
  );
  return {
    target: phase.label,
    result: null,
    rps: result.okRps,
    p50,
    p99,
    errors,
    rssMb,
    serverCpu,
    othersCpu,
    kind: 'paced',
    pacedRate: phase.rate,
    note: `open loop at ${fmtInt(phase.rate)}/s; max ${fmtMs(result.latencies[result.latencies.length - 1] ?? NaN)} ms`,
  };
}

/** Stops a server; when profiled, summarizes its profile under `title`. */
async function stopServer(
  server: ChildServer,
  profileDir: string | null,
  title: string,
  windows: [number, number][],
): Promise<void> {
  await server.stop();
  if (!profileDir) return;
  const file = findProfile(profileDir);
  if (!file) {
    profiles.push(`(no CPU profile written for ${title})`);
    return;
  }
  profiles.push(formatProfile(title, summarizeProfile(file, windows)));
}

const CLICK_IN_LOCATION = /[?&]click=([0-9a-f]{24})/;

/**
 * One /click before the load, looked at closely: 302, a Location carrying the click id, the
 * tp_<offer> cookie. The load itself checks statuses only (cheaper for the load generator).
 */
async function probeClick(base: string, path: string, offerId: number): Promise<string | null> {
  try {
    const response = await fetch(base + path, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
    const text = await response.text();
    if (response.status !== 302) return `probe /click answered ${response.status}: ${text.slice(0, 100)}`;
    const location = response.headers.get('location') ?? '';
    if (!CLICK_IN_LOCATION.test(location)) return `probe /click: Location without the click id: ${location}`;
    const cookie = response.headers.get('set-cookie') ?? '';
    if (!cookie.startsWith(`tp_${offerId}=`))
      return `probe /click: no tp_${offerId} cookie (Set-Cookie: ${cookie || 'none'})`;
    return null;
  } catch (error) {
    return `probe /click failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** /postback requests, each converting a different click of `pool`. */
function postbackSpec(pool: IdPool, connections: number, extra: Partial<PhaseSpec> = {}): PhaseSpec {
  const common = {
    expectStatus: 200,
    checkBody: checkPostbackBody,
    connections,
    // autocannon builds one request per connection that it never sends
    amount: Math.max(1, pool.remaining - 2 * connections - 10),
    ...extra,
  };
  if (options.postbackMethod === 'POST') {
    return {
      ...common,
      method: 'POST',
      path: '/postback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: () => `clickid=${pool.take() ?? '000000000000000000000000'}&goal=1&sum=12.5`,
    };
  }
  return {
    ...common,
    method: 'GET',
    path: () => {
      const id = pool.take();
      return id === null ? null : `/postback?clickid=${id}&goal=1&sum=12.5`;
    },
  };
}

/** GET /postback paths converting the next `count` clicks of `pool` (fewer when it runs out). */
function postbackPaths(pool: IdPool, count: number): string[] {
  const paths: string[] = [];
  while (paths.length < count) {
    const id = pool.take();
    if (id === null) break;
    paths.push(`/postback?clickid=${id}&goal=1&sum=12.5`);
  }
  return paths;
}

/** Click ids for a /postback load of `seconds` at up to POOL_RATE per second. */
function poolNeed(seconds: number, connections = options.connections): number {
  return Math.ceil(seconds * POOL_RATE) + 4 * connections + 100;
}

/** Inserts `count` fresh clicks (made within the last minute) and gives their ids. */
function freshClicks(dbPath: string, offerId: number, affiliateId: number, count: number): string[] {
  const now = Date.now();
  return insertClicks(dbPath, { offerId, affiliateId, count, fromMs: now - 60_000, toMs: now, sample: count });
}

interface RunOutcome {
  click: Row | null;
  postback: Row | null;
}

/**
 * One database: /click then /postback (each on a fresh server process, same database), and, on
 * the empty database, the outbound section.
 */
async function runDatabase(
  kind: 'empty' | 'prefilled',
  dir: string,
  sink: Sink | null,
  empty: RunOutcome | null,
): Promise<RunOutcome> {
  const dbPath = join(dir, `${kind}.db`);
  const databaseUrl = `file:${dbPath}`;
  const seeded = await seedDatabase(dbPath, sink ? sink.urlTemplate() : null);
  const suffix = kind === 'prefilled' ? ` (${fmtInt(options.prefill)} clicks in DB)` : '';
  const pool = new IdPool();
  if (kind === 'prefilled') {
    const started = Date.now();
    const now = Date.now();
    progress(`prefill: inserting ${fmtInt(options.prefill)} clicks`);
    let lastShown = 0;
    pool.add(
      insertClicks(dbPath, {
        offerId: seeded.offerId,
        affiliateId: seeded.affiliateId,
        count: options.prefill,
        fromMs: now - 7 * 86_400_000,
        toMs: now - 60_000,
        // enough for the warm-up and every attempt (beyond that: fresh clicks)
        sample: Math.min(options.prefill, poolNeed(options.warmupS + (1 + options.retries) * options.durationS)),
        onProgress: (done) => {
          if (Date.now() - lastShown > 5000) {
            lastShown = Date.now();
            progress(`prefill: ${fmtInt(done)} clicks`);
          }
        },
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    notes.push(
      `prefill: ${fmtInt(options.prefill)} clicks inserted in ${seconds.toFixed(1)} s ` +
        `(${fmtInt(options.prefill / seconds)}/s); the prefilled run's /postback converts a uniform sample of them (clicks up to 7 days old)`,
    );
  }

  const profileDir = (phase: string) => {
    if (!options.profile) return null;
    const path = join(dir, `profile-${kind}-${phase}`);
    mkdirSync(path, { recursive: true });
    return path;
  };

  // /click
  const clickPhaseStart = Date.now() - 1000;
  let clickRow: Row | null = null;
  let windows: [number, number][] = [];
  {
    const prof = profileDir('click');
    const server = await startTrackpost({
      dir,
      databaseUrl,
      adminKey: ADMIN_KEY,
      role: 'all',
      env: serverEnv,
      cpuProfDir: prof,
      label: `trackpost-${kind}-click`,
    });
    try {
      const path = `/click?offer_id=${seeded.offerId}&pid=${seeded.affiliateId}&sub1=bench`;
      const problem = await probeClick(server.base, path, seeded.offerId);
      if (problem) notes.push(problem);
      const {
        result,
        rssMb,
        serverCpu,
        othersCpu,
        windows: measuredWindows,
      } = await measure(server, {
        label: `/click${suffix}`,
        spec: () => ({ path, expectStatus: 302, connections: options.connections }),
      });
      windows = measuredWindows ?? [];
      clickRow = {
        target: `/click${suffix}`,
        result,
        rssMb,
        serverCpu,
        othersCpu,
        kind: 'click',
        emptyRow: empty?.click ?? undefined,
      };
      rows.push(clickRow);
    } finally {
      await stopServer(server, prof, `/click${suffix}`, windows);
    }
  }

  // /postback: the empty run converts the clicks its /click phase made, the prefilled run a
  // sample of the prefilled clicks; either is topped up with fresh clicks when short.
  if (kind === 'empty') {
    pool.add(readClickIds(dbPath, seeded.affiliateId, clickPhaseStart, poolNeed(options.durationS + options.warmupS)));
    progress(`/postback: ${fmtInt(pool.remaining)} clicks from the /click phase to convert`);
  }
  let postbackRow: Row | null = null;
  windows = [];
  {
    const prof = profileDir('postback');
    const server = await startTrackpost({
      dir,
      databaseUrl,
      adminKey: ADMIN_KEY,
      role: 'all',
      env: serverEnv,
      cpuProfDir: prof,
      label: `trackpost-${kind}-postback`,
    });
    try {
      const label = `/postback ${options.postbackMethod}${suffix}`;
      let toppedUp = 0;
      const {
        result,
        rssMb,
        serverCpu,
        othersCpu,
        windows: measuredWindows,
      } = await measure(server, {
        label,
        spec: () => postbackSpec(pool, options.connections),
        prepare: (seconds) => {
          const need = poolNeed(seconds);
          if (pool.remaining >= need) return;
          const extra = need - pool.remaining;
          pool.add(freshClicks(dbPath, seeded.offerId, seeded.affiliateId, extra));
          toppedUp += extra;
        },
      });
      windows = measuredWindows ?? [];
      if (toppedUp > 0)
        notes.push(`${label}: ${fmtInt(toppedUp)} fresh clicks were added to the pool of clicks to convert`);
      postbackRow = {
        target: label,
        result,
        rssMb,
        serverCpu,
        othersCpu,
        kind: 'postback',
        emptyRow: empty?.postback ?? undefined,
      };
      rows.push(postbackRow);
      if (kind === 'empty') {
        const rate = TARGET.postbackRps;
        const need = Math.ceil(rate * (options.warmupS + options.durationS) * 1.05) + 1000;
        if (pool.remaining < need)
          pool.add(freshClicks(dbPath, seeded.offerId, seeded.affiliateId, need - pool.remaining));
        rows.push(
          await measurePaced(server, windows, {
            label: `/postback GET at ${fmtInt(rate)}/s`,
            rate,
            paths: (count) => postbackPaths(pool, count),
            expect: 'postback',
          }),
        );
      }
    } finally {
      await stopServer(server, prof, `/postback${suffix}`, windows);
    }
  }

  if (kind === 'empty' && sink && seeded.sinkAffiliateId !== null) {
    await runOutbound(dir, dbPath, seeded, sink);
  }
  return { click: clickRow, postback: postbackRow };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: two ROLE=http processes and a ROLE=worker on one database

async function runPostgres(dir: string, baseUrl: string, sqlite: RunOutcome, sink: Sink | null): Promise<void> {
  const { url, schema } = benchSchemaUrl(baseUrl);
  progress(`PostgreSQL: schema ${schema}`);
  const suffix = ' (PostgreSQL, 2 × ROLE=http + worker)';
  const ofSqlite = (row: Row, sqliteRow: Row | null) =>
    sqliteRow
      ? `${fmtPct(rpsOf(row) / rpsOf(sqliteRow))} of SQLite; CPU and RSS per HTTP process: sum and largest`
      : undefined;
  const started: ChildServer[] = [];
  try {
    const seeded = await seedPostgres(url, sink ? sink.urlTemplate() : null);
    const start = async (role: 'http' | 'worker', label: string) => {
      const server = await startTrackpost({ dir, databaseUrl: url, adminKey: ADMIN_KEY, role, env: serverEnv, label });
      started.push(server);
      return server;
    };
    const servers = [await start('http', 'trackpost-pg-http-1'), await start('http', 'trackpost-pg-http-2')];
    await start('worker', 'trackpost-pg-worker');

    const clickStart = Date.now() - 1000;
    const path = `/click?offer_id=${seeded.offerId}&pid=${seeded.affiliateId}&sub1=bench`;
    const problem = await probeClick(servers[0].base, path, seeded.offerId);
    if (problem) notes.push(`PostgreSQL: ${problem}`);
    const click = await measure(servers, {
      label: `/click${suffix}`,
      spec: () => ({ path, expectStatus: 302, connections: options.connections }),
      othersExpected: true,
    });
    const clickRow: Row = { target: `/click${suffix}`, ...click, kind: 'pg-click' };
    clickRow.note = ofSqlite(clickRow, sqlite.click);
    rows.push(clickRow);

    const pool = new IdPool(
      await readClickIdsPg(url, schema, seeded.affiliateId, clickStart, poolNeed(options.durationS + options.warmupS)),
    );
    let toppedUp = 0;
    const label = `/postback ${options.postbackMethod}${suffix}`;
    const postback = await measure(servers, {
      label,
      spec: () => postbackSpec(pool, options.connections),
      othersExpected: true,
      prepare: async (seconds) => {
        // PostgreSQL is slower to fill: size for a third of the SQLite rate
        const need = Math.ceil(poolNeed(seconds) / 3);
        if (pool.remaining >= need) return;
        const extra = need - pool.remaining;
        progress(`PostgreSQL: writing ${fmtInt(extra)} clicks for /postback to convert`);
        pool.add(await insertClicksPg(url, seeded.offerId, seeded.affiliateId, extra));
        toppedUp += extra;
      },
    });
    if (toppedUp > 0)
      notes.push(`${label}: ${fmtInt(toppedUp)} fresh clicks were added to the pool of clicks to convert`);
    const postbackRow: Row = { target: label, ...postback, kind: 'pg-postback' };
    postbackRow.note = ofSqlite(postbackRow, sqlite.postback);
    rows.push(postbackRow);

    // Affiliate postbacks queued by an HTTP process and sent by the worker process, woken by NOTIFY.
    if (sink && seeded.sinkAffiliateId !== null) {
      const sinkClicks = new IdPool(
        await insertClicksPg(url, seeded.offerId, seeded.sinkAffiliateId, deliveryCount() + 100),
      );
      await deliveryLatency(
        `/postback → affiliate postback at the sink, ${fmtInt(options.outboundRate)}/s${suffix}`,
        servers[0],
        sinkClicks,
        sink,
        true,
      );
    }
    notes.push(`PostgreSQL runs on this machine too: its CPU is part of "others CPU" in the PostgreSQL rows`);
  } finally {
    await Promise.all(started.map((server) => server.stop()));
    await dropSchema(url, schema).catch((error) =>
      notes.push(`PostgreSQL: dropping schema ${schema} failed: ${String(error)}`),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Outbound: affiliate postbacks to the local sink

/** Postbacks a deliveryLatency() run sends, warm-up included. */
function deliveryCount(): number {
  return Math.floor(options.outboundRate * (options.warmupS + options.durationS));
}

/**
 * Postbacks at a steady rate (--outbound-rate) to `server`, each converting a click of the sink
 * affiliate from `pool` (deliveryCount() of them); one row with the time from each /postback
 * answer to the sink's receipt, measured after the warm-up (the first seconds of a process that
 * has not delivered yet are slow: its JIT, and on PostgreSQL its connections and plans, are cold).
 * `othersExpected`: other processes of the setup (a worker, PostgreSQL) are busy too.
 */
async function deliveryLatency(
  target: string,
  server: ChildServer,
  pool: IdPool,
  sink: Sink,
  othersExpected = false,
): Promise<void> {
  const rate = options.outboundRate;
  const count = deliveryCount();
  sink.reset();
  await quiet();
  progress(
    `outbound: postbacks at ${fmtInt(rate)}/s for ${options.durationS} s, affiliate postbacks to the sink (${target})`,
  );
  const sampler = new RssSampler(server.pid);
  const cpu = new CpuMeter(server.pid);
  const machine = new MachineCpuMeter();
  const ownCpu = process.cpuUsage();
  const startedAt = performance.now();
  const result = await pacedLoad({
    base: server.base,
    rate,
    warmupS: options.warmupS,
    durationS: options.durationS,
    paths: postbackPaths(pool, count),
    expect: 'postback',
  });
  const answeredAt = result.answeredAt;
  await sink.waitForIds(answeredAt.keys(), 30_000, 10_000);
  const serverCpu = cpu.stop();
  const own = process.cpuUsage(ownCpu);
  const ownCores = (own.user + own.system) / 1e6 / Math.max(0.001, (performance.now() - startedAt) / 1000);
  const othersCpu = Math.max(0, machine.stop() - serverCpu - ownCores);
  const rssMb = sampler.stop();
  const latencies: number[] = [];
  let missing = 0;
  for (const [id, at] of answeredAt) {
    const arrived = sink.arrivals.get(id);
    if (arrived === undefined) missing++;
    else latencies.push(Math.max(0, arrived - at));
  }
  latencies.sort((a, b) => a - b);
  let errorCount = 0;
  for (const n of result.errors.values()) errorCount += n;
  if (errorCount > 0) {
    notes.push(`${target}: ${[...result.errors].map(([kind, n]) => `${fmtInt(n)} × ${kind}`).join('; ')}`);
  }
  if (missing > 0)
    notes.push(
      `${target}: ${fmtInt(missing)} of ${fmtInt(answeredAt.size)} affiliate postbacks not received within 30 s`,
    );
  if (sink.repeats > 0) notes.push(`${target}: ${fmtInt(sink.repeats)} affiliate postbacks arrived more than once`);
  if (othersCpu > DISTURBED_CORES && !othersExpected)
    notes.push(`${target}: other processes used ${othersCpu.toFixed(2)} cores meanwhile`);
  rows.push({
    target,
    result: null,
    rps: result.okRps,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: errorCount + missing,
    rssMb,
    serverCpu,
    othersCpu,
    kind: 'other',
    note:
      `p50/p99: from the /postback answer to the sink's receipt (max ${fmtMs(latencies[latencies.length - 1] ?? NaN)} ms, ` +
      `${fmtInt(latencies.length)} delivered); the /postback answers themselves: p50 ${fmtMs(percentile(result.latencies, 50))} ms, ` +
      `p99 ${fmtMs(percentile(result.latencies, 99))} ms`,
  });
  progress(
    `outbound e2e: p50 ${fmtMs(percentile(latencies, 50))} ms, p99 ${fmtMs(percentile(latencies, 99))} ms, ${missing} missing`,
  );
}

async function runOutbound(dir: string, dbPath: string, seeded: Seeded, sink: Sink): Promise<void> {
  const databaseUrl = `file:${dbPath}`;
  const env = serverEnv;
  const affiliateId = seeded.sinkAffiliateId!;

  // 1. End-to-end: postbacks at a steady rate on ROLE=all; time from each answer to the sink.
  {
    const pool = new IdPool(freshClicks(dbPath, seeded.offerId, affiliateId, deliveryCount() + 100));
    const server = await startTrackpost({
      dir,
      databaseUrl,
      adminKey: ADMIN_KEY,
      role: 'all',
      env,
      label: 'trackpost-outbound-e2e',
    });
    try {
      await deliveryLatency(
        `/postback → affiliate postback at the sink, ${fmtInt(options.outboundRate)}/s`,
        server,
        pool,
        sink,
      );

      // The same process at full load, delivering each answer's affiliate postback itself: what
      // one ROLE=all process sustains when every conversion has an affiliate postback.
      sink.reset();
      let queued = 0;
      const label = `/postback ${options.postbackMethod}, each firing an affiliate postback (ROLE=all)`;
      const measured = await measure(server, {
        label,
        spec: () => ({ ...postbackSpec(pool, options.connections), onOk: () => void queued++ }),
        prepare: (seconds) => {
          const need = poolNeed(seconds);
          if (pool.remaining < need) pool.add(freshClicks(dbPath, seeded.offerId, affiliateId, need - pool.remaining));
        },
      });
      rows.push({ target: label, ...measured, kind: 'postback' });
      // The backlog left at the end is delivered before the next phase, which counts its own.
      const startedAt = performance.now();
      if (await sink.waitFor(queued, 120_000, 15_000)) {
        notes.push(
          `${label}: ${fmtInt(sink.arrivals.size)} affiliate postbacks delivered, the last ` +
            `${((performance.now() - startedAt) / 1000).toFixed(1)} s after the load ended`,
        );
      } else {
        notes.push(
          `${label}: ${fmtInt(queued - sink.arrivals.size)} of ${fmtInt(queued)} affiliate postbacks not delivered within 120 s`,
        );
      }
    } finally {
      await server.stop();
    }
  }

  // 2. Backlog then drain: ROLE=http answers postbacks that each queue one affiliate postback
  //    (no worker running), then a ROLE=worker process alone delivers the backlog.
  {
    const jobs = options.outboundJobs;
    const connections = options.connections;
    const pool = new IdPool(freshClicks(dbPath, seeded.offerId, affiliateId, jobs + 4 * connections + 100));
    const httpServer = await startTrackpost({
      dir,
      databaseUrl,
      adminKey: ADMIN_KEY,
      role: 'http',
      env,
      label: 'trackpost-outbound-http',
    });
    let queued = 0;
    try {
      const label = `/postback ${options.postbackMethod}, queuing 1 affiliate postback each (ROLE=http)`;
      const measured = await measure(httpServer, {
        label,
        spec: () => ({ ...postbackSpec(pool, connections), onOk: () => void queued++ }),
        // a repeated attempt gets clicks of its own (the backlog grows by up to --outbound-jobs)
        prepare: (seconds) => {
          const need = Math.min(jobs, poolNeed(seconds, connections));
          if (pool.remaining < need) pool.add(freshClicks(dbPath, seeded.offerId, affiliateId, need - pool.remaining));
        },
      });
      noteErrors(label, measured.result);
      rows.push({
        target: label,
        ...measured,
        kind: 'postback',
        note:
          pool.remaining < 4 * connections + 100 ? `${fmtInt(jobs)} postbacks (the --outbound-jobs cap)` : undefined,
      });
    } finally {
      await httpServer.stop();
    }
    sink.reset();
    await quiet();
    progress(`outbound: ROLE=worker delivering ${fmtInt(queued)} affiliate postbacks`);
    const startedAt = performance.now();
    const worker = await startTrackpost({
      dir,
      databaseUrl,
      adminKey: ADMIN_KEY,
      role: 'worker',
      env,
      label: 'trackpost-outbound-worker',
    });
    const sampler = new RssSampler(worker.pid);
    const cpu = new CpuMeter(worker.pid);
    const machine = new MachineCpuMeter();
    const ownCpu = process.cpuUsage();
    try {
      const done = await sink.waitFor(queued, 120_000, 15_000);
      const serverCpu = cpu.stop();
      const own = process.cpuUsage(ownCpu);
      const ownCores = (own.user + own.system) / 1e6 / Math.max(0.001, (performance.now() - startedAt) / 1000);
      const othersCpu = Math.max(0, machine.stop() - serverCpu - ownCores);
      const rssMb = sampler.stop();
      const delivered = sink.arrivals.size;
      const spanS = Math.max(0.001, (sink.lastAt - sink.firstAt) / 1000);
      const rate = delivered > 1 ? delivered / spanS : NaN;
      const missing = Math.max(0, queued - delivered);
      if (!done)
        notes.push(`outbound deliveries: ${fmtInt(missing)} of ${fmtInt(queued)} not delivered (waited up to 120 s)`);
      if (sink.repeats > 0)
        notes.push(`outbound deliveries: ${fmtInt(sink.repeats)} affiliate postbacks arrived more than once`);
      const firstAfterS = sink.firstAt ? (sink.firstAt - startedAt) / 1000 : NaN;
      rows.push({
        target: 'outbound deliveries to the sink (ROLE=worker alone)',
        result: null,
        rps: rate,
        p50: NaN,
        p99: NaN,
        errors: missing,
        rssMb,
        serverCpu,
        othersCpu,
        kind: 'other',
        note: `deliveries/s: ${fmtInt(delivered)} delivered in ${spanS.toFixed(1)} s (the first ${firstAfterS.toFixed(1)} s after spawn)`,
      });
      progress(`outbound deliveries: ${fmtInt(rate)}/s`);
    } finally {
      await worker.stop();
    }
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-bench-'));
  progress(`working in ${dir}`);
  const sink = options.outbound ? new Sink() : null;
  const started = Date.now();
  const loadBefore = loadavg()[0];
  try {
    if (options.waitIdleS > 0) await quiet(options.waitIdleS);
    if (sink) await sink.start();

    // Baseline
    {
      const baseline = await startBaseline(dir);
      try {
        const measured = await measure(baseline, {
          label: 'baseline 302',
          spec: () => ({ path: '/click?offer_id=1&pid=1', expectStatus: 302, connections: options.connections }),
        });
        rows.push({ target: 'baseline: bare node:http 302', ...measured, kind: 'baseline' });
        // The paced load generator's own share of a paced row's latency.
        const paced = await measurePaced(baseline, [], {
          label: `baseline 302 at ${fmtInt(TARGET.postbackRps)}/s`,
          rate: TARGET.postbackRps,
          paths: () => ({ every: '/click?offer_id=1&pid=1' }),
          expect: 'redirect',
        });
        rows.push({ ...paced, kind: 'other', note: `${paced.note}: what the load generator adds to a paced row` });
      } finally {
        await baseline.stop();
      }
    }

    const empty = await runDatabase('empty', dir, sink, null);
    if (options.prefill > 0) await runDatabase('prefilled', dir, null, empty);
    if (options.postgres) await runPostgres(dir, options.postgres, empty, sink);

    const elapsed = (Date.now() - started) / 1000;
    console.log(`\n## Trackpost benchmark\n`);
    console.log(
      `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ` +
        `${options.connections} connections, pipelining 1, ${options.durationS} s per load after ${options.warmupS} s warm-up; ` +
        `SQLite, ROLE=all unless said; ${new Date().toISOString()}; total ${elapsed.toFixed(0)} s; ` +
        `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after` +
        `${(flags.env ?? []).length ? `; server environment: ${(flags.env ?? []).join(' ')}` : ''}.\n`,
    );
    console.log(renderTable());
    console.log(
      `\nGoals: /click >= ${fmtInt(TARGET.clickRps)}/s and >= ${fmtPct(TARGET.clickVsBaseline)} of baseline; ` +
        `/postback >= ${fmtInt(TARGET.postbackRps)}/s; p99 < ${TARGET.p99Ms} ms; peak RSS < ${TARGET.rssMb} MB; ` +
        `prefilled >= ${fmtPct(TARGET.prefillVsEmpty)} of the empty database; PostgreSQL (two HTTP processes) ` +
        `/click >= ${fmtInt(TARGET.pgClickRps)}/s and /postback >= ${fmtInt(TARGET.pgPostbackRps)}/s.\n` +
        `req/s counts good answers only (302 with the click id for /click, {"status":1,…} for /postback); errors are ` +
        `other answers, connection errors and timeouts. The load generator (this process) and the server share the ` +
        `machine's ${cpus().length} CPUs; "server CPU" is the server process's use (100% = one core), "others CPU" what ` +
        `other processes took meanwhile.`,
    );
    if (notes.length) console.log(`\nNotes:\n${notes.map((note) => `- ${note}`).join('\n')}`);
    if (profiles.length) console.log(`\n${profiles.join('\n\n')}`);
  } catch (error) {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (rows.length) console.log(renderTable());
    process.exitCode = 1;
  } finally {
    killAllChildren();
    if (sink) await sink.stop();
    if (options.keep || process.exitCode)
      progress(`kept ${dir} (logs, databases${options.profile ? ', profiles' : ''})`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(process.exitCode ?? 0);
