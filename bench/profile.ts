/**
 * Reading a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function and per area
 * (our modules, each dependency, Node internals, GC), for the "where did the time go" notes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** [label, ms] sorted by ms, largest first. */
  functions: [string, number][];
  areas: [string, number][];
}

/** Native functions that write to sockets: on loopback their time includes the kernel's TCP work. */
const SOCKET_WRITES = new Set([
  'writeLatin1String',
  'writeUtf8String',
  'writeAsciiString',
  'writeBuffer',
  'writev',
  'writeUcs2String',
]);

/** Our own file, named by its source (`dist/x/y.js` is `src/x/y.ts`); null for anything else. */
function sourcePath(url: string): string | null {
  const source = /\/(?:src|dist)\/(.*)$/.exec(url);
  return source ? `src/${source[1].replace(/\.js$/, '.ts')}` : null;
}

function areaOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8/native (program)';
    if (SOCKET_WRITES.has(functionName)) return 'socket writes (syscalls)';
    return functionName || 'native';
  }
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1] === 'tsx' ? 'tsx (module loading)' : dependency[1];
  if (url.startsWith('node:internal/modules')) return 'node: module loading';
  if (url.startsWith('node:'))
    return `node:${url.slice(5).split('/')[0] === 'internal' ? url.slice(5).split('/').slice(0, 3).join('/') : url.slice(5)}`;
  return sourcePath(url) ?? url;
}

function shortUrl(url: string): string {
  const dependency = /node_modules\/(.*)$/.exec(url);
  if (dependency) return dependency[1];
  return sourcePath(url) ?? url;
}

/** Monotonic time in microseconds, the clock V8 stamps profile samples with. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Self time per function and per area, counting only samples inside `windows` ([fromUs, toUs]
 * of monotonicUs(), e.g. the measured loads, leaving out start-up and warm-up); all samples
 * when `windows` is empty.
 */
export function summarizeProfile(file: string, windows: [number, number][] = [], top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const inWindow = (us: number) => windows.length === 0 || windows.some(([from, to]) => us >= from && us <= to);
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (!inWindow(at)) continue;
    // A sample's time is the delta to the next sample.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    selfMs.set(samples[i], (selfMs.get(samples[i]) ?? 0) + ms);
  }
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    if (area === 'idle') continue;
    totalMs += ms;
    areas.set(area, (areas.get(area) ?? 0) + ms);
    // Positions in our sources are those of the built .js, not of the .ts file: left out.
    const where =
      url.includes('/node_modules/') || url.startsWith('node:') ? `${shortUrl(url)}:${lineNumber + 1}` : shortUrl(url);
    const label = url ? `${functionName || '(anonymous)'} ${where}` : functionName;
    functions.set(label, (functions.get(label) ?? 0) + ms);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs, functions: sorted(functions), areas: sorted(areas) };
}

/**
 * The main thread's `.cpuprofile` in a directory (the largest: tsx's loader thread writes a
 * small one of its own), or null.
 */
export function findProfile(dir: string): string | null {
  try {
    const files = readdirSync(dir)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => ({ path: join(dir, name), size: statSync(join(dir, name)).size }))
      .sort((a, b) => b.size - a.size);
    return files.length ? files[0].path : null;
  } catch {
    return null;
  }
}

export function formatProfile(title: string, summary: ProfileSummary): string {
  const pct = (ms: number) => `${((100 * ms) / Math.max(1, summary.totalMs)).toFixed(1)}%`;
  const lines = [
    `CPU profile of the server, ${title} (measured loads only: ${(summary.totalMs / 1000).toFixed(1)} s busy, idle excluded):`,
  ];
  lines.push(`  by area: ${summary.areas.map(([area, ms]) => `${area} ${pct(ms)}`).join(', ')}`);
  lines.push('  top functions (self time):');
  for (const [label, ms] of summary.functions) lines.push(`    ${pct(ms).padStart(6)}  ${label}`);
  return lines.join('\n');
}
