/**
 * Measuring one load against running servers: a warm-up, then the measured load with the
 * servers' RSS, CPU, disk writes and (SQLite) WAL size sampled, repeated when other processes
 * disturbed it. Also the open-loop (paced) measurement and the wait for a quiet machine.
 * Each function gives its figures back and adds its remarks to the scenario's report.
 */
import type { BenchOptions } from './options.js';
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import type { Sink } from './outbound.js';
import { pacedLoad, type PacedOptions } from './paced.js';
import { monotonicUs } from './profile.js';
import { errorKinds, fmtInt, fmtMs, fmtPct, type Report, type Row } from './report.js';
import {
  CpuMeter,
  FileSizeSampler,
  MachineCpuMeter,
  readWriteBytes,
  RssSampler,
  startTrackpost,
  waitForQuiet,
  type ChildServer,
} from './servers.js';
import { ADMIN_KEY } from './seed.js';
import { percentile } from './load.js';

/** Other processes' CPU (cores) above which a load counts as disturbed. */
export const DISTURBED_CORES = 0.25;

/** A build of Trackpost under measurement: a checkout whose dist/ is built. */
export interface Build {
  /** Shown in the table: `this build`, or the compared ref. */
  name: string;
  root: string;
}

/** What every scenario is given: the options, the build it runs, its folder, the sink. */
export interface Lab {
  options: BenchOptions;
  build: Build;
  /** The environment of this side's Trackpost processes. */
  env: Record<string, string>;
  /** A folder of this side's own (databases, logs). */
  dir: string;
  sink: Sink | null;
  progress(message: string): void;
}

export type PhaseSpec = Omit<LoadSpec, 'base' | 'durationS'>;

export interface Phase {
  label: string;
  /** The load's spec, built anew for the warm-up and for every attempt. */
  spec: () => PhaseSpec;
  /** Runs before the warm-up and before every attempt (tops up click pools). */
  prepare?: (seconds: number) => void | Promise<void>;
  durationS?: number;
  warmup?: boolean;
  /** Other processes are part of the setup (PostgreSQL): their CPU is no disturbance. */
  othersExpected?: boolean;
  /** The SQLite WAL file, whose size is sampled during the load. */
  walPath?: string;
}

export interface Measured {
  /** Bytes the server wrote to storage per good answer. */
  diskBytesPerOk?: number;
  /** [fromUs, toUs] of each measured attempt (monotonicUs), for the CPU profile. */
  windows: [number, number][];
  result: LoadResult;
  rssMb: number;
  walMb?: number;
  serverCpu: number;
  othersCpu: number;
}

/** Starts a Trackpost process of the lab's build, with its environment, on `databaseUrl`. */
export function startOnLab(
  lab: Lab,
  databaseUrl: string,
  role: 'all' | 'http' | 'worker',
  label: string,
  cpuProfDir: string | null = null,
): Promise<ChildServer> {
  return startTrackpost({
    root: lab.build.root,
    dir: lab.dir,
    databaseUrl,
    adminKey: ADMIN_KEY,
    role,
    env: lab.env,
    label,
    cpuProfDir,
  });
}

/** Before a measured load: waits (a little) for other processes to leave the CPUs alone. */
export async function quiet(lab: Lab, maxWaitS = 10): Promise<void> {
  if (lab.options.waitIdleS <= 0) return;
  const busy = await waitForQuiet(0.2, Math.min(maxWaitS, lab.options.waitIdleS), (cores) =>
    lab.progress(`waiting for a quiet machine: ${cores.toFixed(2)} cores busy`),
  );
  if (busy > 0.2) lab.progress(`going on anyway: ${busy.toFixed(2)} cores busy`);
}

function bytesWritten(servers: ChildServer[]): number | null {
  return servers.reduce<number | null>((sum, server) => {
    const bytes = readWriteBytes(server.pid);
    return sum === null || bytes === null ? null : sum + bytes;
  }, 0);
}

/**
 * A warm-up (not measured), then the measured load against `target` with its RSS and CPU
 * sampled. A load during which other processes took more than DISTURBED_CORES is repeated (up
 * to --retries times, after waiting for quiet); the least disturbed attempt is kept.
 */
export async function measure(
  lab: Lab,
  report: Report,
  target: ChildServer | ChildServer[],
  phase: Phase,
): Promise<Measured> {
  const { options } = lab;
  const servers = Array.isArray(target) ? target : [target];
  const base = servers.map((server) => server.base);
  const durationS = phase.durationS ?? options.durationS;
  if (options.warmupS > 0 && phase.warmup !== false) {
    await phase.prepare?.(options.warmupS);
    lab.progress(`${phase.label}: warm-up ${options.warmupS} s`);
    await runLoad({ ...phase.spec(), base, durationS: options.warmupS });
  }
  let best: Measured | null = null;
  const windows: [number, number][] = [];
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    await quiet(lab);
    await phase.prepare?.(durationS);
    lab.progress(
      `${phase.label}: ${durationS} s, ${phase.spec().connections} connections${attempt ? ` (attempt ${attempt + 1})` : ''}`,
    );
    const samplers = servers.map((server) => new RssSampler(server.pid));
    const wal = phase.walPath ? new FileSizeSampler(phase.walPath) : null;
    const cpus = servers.map((server) => new CpuMeter(server.pid));
    const machine = new MachineCpuMeter();
    const fromUs = monotonicUs();
    const writtenBefore = bytesWritten(servers);
    const result = await runLoad({ ...phase.spec(), base, durationS });
    windows.push([fromUs, monotonicUs()]);
    const writtenAfter = bytesWritten(servers);
    const diskBytesPerOk =
      writtenBefore === null || writtenAfter === null || result.ok === 0
        ? undefined
        : (writtenAfter - writtenBefore) / result.ok;
    // Several processes: their CPU adds up, the RSS shown is the largest process's.
    const serverCpu = cpus.reduce((sum, meter) => sum + meter.stop(), 0);
    const othersCpu = Math.max(0, machine.stop() - serverCpu - result.clientCpu);
    const rssMb = Math.max(...samplers.map((sampler) => sampler.stop()));
    const walMb = wal?.stop();
    lab.progress(
      `${phase.label}: ${fmtInt(result.okRps)} ok/s, p50 ${fmtMs(result.p50)} ms, p99 ${fmtMs(result.p99)} ms, ` +
        `${fmtInt(result.errorCount)} errors, server CPU ${fmtPct(serverCpu)}, load generator CPU ${fmtPct(result.clientCpu)}, ` +
        `others ${fmtPct(othersCpu)}${walMb === undefined ? '' : `, WAL up to ${walMb.toFixed(1)} MB`}` +
        `${result.exhausted ? ' (click pool used up early)' : ''}`,
    );
    const measured: Measured = {
      result,
      rssMb: Math.max(rssMb, best?.rssMb ?? 0),
      walMb: walMb === undefined ? undefined : Math.max(walMb, best?.walMb ?? 0),
      serverCpu,
      othersCpu,
      diskBytesPerOk,
      windows,
    };
    if (!best || othersCpu < best.othersCpu) best = measured;
    else {
      best.rssMb = measured.rssMb;
      best.walMb = measured.walMb;
    }
    if (othersCpu <= DISTURBED_CORES || phase.othersExpected) break;
  }
  const { result, othersCpu, diskBytesPerOk, walMb } = best!;
  const notes = report.notes;
  if (diskBytesPerOk !== undefined && diskBytesPerOk > 0) {
    const written = (diskBytesPerOk * result.ok) / 1048576;
    notes.push(
      `${phase.label}: the server wrote ${(diskBytesPerOk / 1024).toFixed(1)} KB to disk per good answer ` +
        `(${((diskBytesPerOk * result.okRps) / 1048576).toFixed(1)} MB/s)` +
        // A WAL that is not restarted under load grows by about what is written.
        (walMb === undefined ? '' : `; the WAL peaked at ${walMb.toFixed(1)} MB for ${written.toFixed(0)} MB written`),
    );
  }
  if (result.errors.size > 0) notes.push(`${phase.label}: ${errorKinds(result.errors)}`);
  if (result.exhausted)
    notes.push(`${phase.label}: the pool of click ids ran out after ${result.elapsedS.toFixed(1)} s`);
  if (result.clientCpu > 0.9)
    notes.push(`${phase.label}: the load generator used ${fmtPct(result.clientCpu)} of a core: it may be the limit`);
  if (othersCpu > DISTURBED_CORES && !phase.othersExpected) {
    notes.push(
      `${phase.label}: other processes used ${othersCpu.toFixed(2)} cores during the load (the machine was not quiet): the figures are low`,
    );
  }
  return best!;
}

/**
 * The latency goal "at those rates": an open-loop load at exactly `rate` requests per second
 * (bench/paced.ts), after a warm-up at the same rate, on a server already warm from its
 * closed-loop phase. One row, judged on its p99 and on holding the rate.
 */
export async function measurePaced(
  lab: Lab,
  report: Report,
  server: ChildServer,
  windows: [number, number][],
  phase: {
    label: string;
    rate: number;
    /** The paths for `count` requests. */
    paths: (count: number) => PacedOptions['paths'];
    expect: PacedOptions['expect'];
    walPath?: string;
  },
): Promise<Row> {
  const { options } = lab;
  await quiet(lab);
  lab.progress(`${phase.label}: ${options.warmupS} s warm-up, then ${options.durationS} s`);
  const sampler = new RssSampler(server.pid);
  const wal = phase.walPath ? new FileSizeSampler(phase.walPath) : null;
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
  const walMb = wal?.stop();
  let errors = 0;
  for (const n of result.errors.values()) errors += n;
  if (errors > 0) report.notes.push(`${phase.label}: ${errorKinds(result.errors, Infinity)}`);
  if (othersCpu > DISTURBED_CORES)
    report.notes.push(`${phase.label}: other processes used ${othersCpu.toFixed(2)} cores meanwhile`);
  const p50 = percentile(result.latencies, 50);
  const p99 = percentile(result.latencies, 99);
  lab.progress(
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
    walMb,
    serverCpu,
    othersCpu,
    kind: 'paced',
    pacedRate: phase.rate,
    note: `open loop at ${fmtInt(phase.rate)}/s; max ${fmtMs(result.latencies[result.latencies.length - 1] ?? NaN)} ms`,
  };
}
