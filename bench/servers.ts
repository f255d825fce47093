/**
 * Benchmark servers: the baseline (a bare Node `http` server answering 302) and Trackpost
 * itself, each in a child process so that its memory can be read from /proc and its CPU is
 * not shared with the load generator's event loop. Also the RSS sampler.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository root (bench/ lives right under it). */
export const ROOT = new URL('..', import.meta.url).pathname;

export interface ChildServer {
  name: string;
  pid: number;
  /** `http://127.0.0.1:<port>`; empty for a process that does not listen (ROLE=worker). */
  base: string;
  logFile: string;
  /** Sends SIGTERM, waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

/** Kills every child still running; installed on exit and on signals. */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
process.on('exit', killAllChildren);

function track(child: ChildProcess, name: string, logFile: string, base: string): ChildServer {
  children.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    });
  });
  return {
    name,
    pid: child.pid ?? -1,
    base,
    logFile,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The last lines of a child's log, for error messages. */
export function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Spawns a child and resolves with the port it prints on a line matching `listening`, or
 * rejects when it exits or `timeoutMs` passes first.
 */
async function spawnListening(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  listening: RegExp | null,
  timeoutMs: number,
  cwd = ROOT,
): Promise<ChildServer> {
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  if (!listening) return track(child, name, logFile, '');
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${logTail(logFile)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      const match = listening.exec(seen);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      setTimeout(
        () => reject(new Error(`${name} exited with code ${code} before listening:\n${logTail(logFile)}`)),
        100,
      );
    });
  });
  return track(child, name, logFile, `http://127.0.0.1:${port}`);
}

const BASELINE_SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(302, { location: 'https://example.com/landing?click=0123456789abcdef01234567', 'content-length': '0' });
  res.end();
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log('baseline listening on ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

/** The baseline: Node's bare `http` answering every request with a 302 and a Location. */
export function startBaseline(dir: string): Promise<ChildServer> {
  return spawnListening(
    'baseline',
    ['-e', BASELINE_SOURCE],
    { ...process.env },
    join(dir, 'baseline.log'),
    /listening on (\d+)/,
    10_000,
  );
}

export interface TrackpostOptions {
  /** The build to run: a checkout whose dist/ is built (default: this one). */
  root?: string;
  dir: string;
  databaseUrl: string;
  adminKey: string;
  role: 'all' | 'http' | 'worker';
  /** Extra environment (e.g. OUTBOUND_ALLOW_PRIVATE). */
  env?: Record<string, string>;
  /** Directory for `--cpu-prof` output; null: no profile. */
  cpuProfDir?: string | null;
  label?: string;
}

/** The node flags of package.json's start script (`node <flags> dist/main.js`). */
function startScriptFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  const main = words.indexOf('dist/main.js');
  if (words[0] !== 'node' || main < 0) throw new Error(`unexpected start script: ${pkg.scripts.start}`);
  return words.slice(1, main);
}

/**
 * Trackpost as `npm start` runs it (`node`, the start script's flags, `dist/main.js`, built by
 * `npm run bench`'s prebench step) on a free loopback port; resolves once `/ready` answers 200
 * (for ROLE=worker: once the process is up).
 */
export async function startTrackpost(options: TrackpostOptions): Promise<ChildServer> {
  const label = options.label ?? `trackpost-${options.role}`;
  const root = options.root ?? ROOT;
  const args: string[] = startScriptFlags(root);
  if (options.cpuProfDir) args.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  args.push('dist/main.js');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    ADMIN_API_KEY: options.adminKey,
    ROLE: options.role,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const logFile = join(options.dir, `${label}.log`);
  if (options.role === 'worker') {
    const child = await spawnListening(label, args, env, logFile, null, 0, root);
    await sleep(300);
    return child;
  }
  const child = await spawnListening(label, args, env, logFile, /listening on http:\/\/[^\s:]+:(\d+)/, 60_000, root);
  await waitReady(child, 30_000);
  return child;
}

async function waitReady(server: ChildServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${server.base}/ready`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${server.name}: /ready did not answer 200 within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Reads VmRSS and VmHWM (kB) of a process; null when it is gone. */
export function readMemory(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)/.exec(status);
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    return { rssKb: rss ? Number(rss[1]) : 0, hwmKb: hwm ? Number(hwm[1]) : 0 };
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; gives the peak seen (MB). */
export class RssSampler {
  private peakKb = 0;
  private timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 100,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    const memory = readMemory(this.pid);
    if (memory && memory.rssKb > this.peakKb) this.peakKb = memory.rssKb;
  }

  /** Stops sampling; the peak RSS in MB. */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return this.peakKb / 1024;
  }
}

/** CPU time (user + system, seconds) a process has used so far; null when it is gone. */
export function readCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 here (0-based 11, 12).
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux the bench runs on. */
const CLOCK_TICKS = 100;

/** A server's CPU use over a stretch of time: 1 = one full core. */
export class CpuMeter {
  private readonly startCpu: number;
  private readonly startAt = performance.now();
  constructor(private readonly pid: number) {
    this.startCpu = readCpuSeconds(pid) ?? 0;
  }
  stop(): number {
    const cpu = readCpuSeconds(this.pid);
    if (cpu === null) return NaN;
    return (cpu - this.startCpu) / Math.max(0.001, (performance.now() - this.startAt) / 1000);
  }
}

/** Busy and total CPU time of the whole machine so far (seconds, all cores). */
export function readMachineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}

/** CPU used by the whole machine over a stretch of time, in cores. */
export class MachineCpuMeter {
  private readonly start = readMachineCpu();
  private readonly startAt = performance.now();
  stop(): number {
    const end = readMachineCpu();
    return (end.busy - this.start.busy) / Math.max(0.001, (performance.now() - this.startAt) / 1000);
  }
}

/**
 * Waits until the machine is nearly idle (others' CPU below `maxCores` over a 1 s sample), at
 * most `timeoutS`; gives the last sample (cores busy).
 */
export async function waitForQuiet(
  maxCores: number,
  timeoutS: number,
  onWait: (busy: number) => void,
): Promise<number> {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const meter = new MachineCpuMeter();
    await sleep(1000);
    const busy = meter.stop();
    if (busy <= maxCores || Date.now() >= deadline) return busy;
    onWait(busy);
  }
}

/** Bytes a process has caused to be written to storage so far (/proc/<pid>/io); null when unknown. */
export function readWriteBytes(pid: number): number | null {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const match = /write_bytes:\s+(\d+)/.exec(io);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Samples a file's size every `everyMs` until stopped (the SQLite WAL); gives the peak (MB). */
export class FileSizeSampler {
  private peakBytes = 0;
  private timer: NodeJS.Timeout;

  constructor(
    private readonly path: string,
    everyMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    try {
      this.peakBytes = Math.max(this.peakBytes, statSync(this.path).size);
    } catch {
      // not there (yet, or any more): size 0
    }
  }

  /** Stops sampling; the peak size in MB. */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return this.peakBytes / 1048576;
  }
}
