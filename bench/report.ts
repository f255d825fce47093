/**
 * The bench's output: one row per measured load, the goals each row is judged on, and the
 * markdown table (with, when comparing two builds, each row of the compared build just above
 * the same row of this one, and the ratio of their rates).
 */
import type { LoadResult } from './load.js';

/** Goals shown next to the figures. */
export const TARGET = {
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
export const PACED_MIN_SHARE = 0.98;

export interface Row {
  target: string;
  result: LoadResult | null;
  /** Overrides of the figures (outbound and paced rows). */
  rps?: number;
  p50?: number;
  p99?: number;
  errors?: number;
  rssMb: number | null;
  /** The largest size of the SQLite WAL file during the load (SQLite rows), MB. */
  walMb?: number;
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

/** What a scenario gives back: its rows, notes for under the table, CPU profile summaries. */
export interface Report {
  rows: Row[];
  notes: string[];
  profiles: string[];
}

export function emptyReport(): Report {
  return { rows: [], notes: [], profiles: [] };
}

export const rpsOf = (row: Row) => row.rps ?? row.result?.okRps ?? NaN;
export const p50Of = (row: Row) => row.p50 ?? row.result?.p50 ?? NaN;
export const p99Of = (row: Row) => row.p99 ?? row.result?.p99 ?? NaN;
export const errorsOf = (row: Row) => row.errors ?? row.result?.errorCount ?? 0;

export function fmtInt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}
export function fmtMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}
export function fmtPct(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : 'n/a';
}

/** "12 × timeout; 3 × HTTP 500": the commonest kinds of error of a load. */
export function errorKinds(errors: Map<string, number>, top = 5): string {
  return [...errors]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([kind, n]) => `${fmtInt(n)} × ${kind}`)
    .join('; ');
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

/** A line of the table: a row, and when comparing, the same row of the compared build. */
export interface TableLine {
  row: Row;
  /** Set on this build's row when the compared build measured the same target. */
  compared?: Row;
  /**
   * With compared rounds: this build's rate over the compared one's in each round (in order),
   * and `ratio` their median, shown instead of the ratio of the two rows shown.
   */
  roundRatios?: number[];
  ratio?: number;
  /** Set on the compared build's row: its name, shown after the target. */
  side?: string;
}

export function renderTable(lines: TableLine[]): string {
  const baseline = lines.find((line) => line.row.kind === 'baseline' && !line.side)?.row;
  const baselineRps = baseline ? rpsOf(baseline) : NaN;
  const comparing = lines.some((line) => line.side);
  const out = [
    `| target | req/s |${comparing ? ' vs compared |' : ''} p50 ms | p99 ms | vs baseline | vs empty DB | errors | ` +
      'peak RSS MB | peak WAL MB | server CPU | others CPU | goals |',
    `|---|---:|${comparing ? '---:|' : ''}---:|---:|---:|---:|---:|---:|---:|---:|---:|---|`,
  ];
  for (const { row, compared, side, ratio } of lines) {
    const rps = rpsOf(row);
    const vsBaseline = row.kind === 'baseline' ? '100%' : row.kind === 'other' ? '' : fmtPct(rps / baselineRps);
    const vsEmpty = row.emptyRow ? fmtPct(rps / rpsOf(row.emptyRow)) : '';
    const vsCompared = compared ? fmtPct(ratio ?? rps / rpsOf(compared)) : '';
    const cpu = (value: number | undefined) => (value === undefined ? '' : fmtPct(value));
    const target = side ? `${row.target} [${side}]` : row.target;
    out.push(
      `| ${target} | ${fmtInt(rps)} |${comparing ? ` ${vsCompared} |` : ''} ${fmtMs(p50Of(row))} | ${fmtMs(p99Of(row))} | ` +
        `${vsBaseline} | ${vsEmpty} | ${fmtInt(errorsOf(row))} | ${row.rssMb === null ? 'n/a' : row.rssMb.toFixed(0)} | ` +
        `${row.walMb === undefined ? '' : row.walMb.toFixed(1)} | ${cpu(row.serverCpu)} | ${cpu(row.othersCpu)} | ` +
        `${goalsOf(row, baselineRps)} |`,
    );
  }
  return out.join('\n');
}

/**
 * This build's rows, each preceded by the compared build's row of the same target (matched by
 * name); compared rows with no counterpart come last. A target measured in several rounds (the
 * same target more than once, in round order) shows each side's median round, and the median
 * of the rounds' ratios: pairing the rounds cancels the machine's drift between them.
 */
export function tableLines(rows: Row[], comparedRows: Row[] | null, comparedName: string): TableLine[] {
  const own = roundsByTarget(rows);
  if (!comparedRows) return [...own.values()].map((rounds) => ({ row: medianRound(rounds) }));
  const others = roundsByTarget(comparedRows);
  const lines: TableLine[] = [];
  for (const [target, rounds] of own) {
    const compared = others.get(target);
    const row = medianRound(rounds);
    if (!compared) {
      lines.push({ row });
      continue;
    }
    others.delete(target);
    const shown = medianRound(compared);
    lines.push({ row: shown, side: comparedName });
    if (rounds.length < 2 || rounds.length !== compared.length) {
      lines.push({ row, compared: shown });
      continue;
    }
    const roundRatios = rounds.map((round, index) => rpsOf(round) / rpsOf(compared[index]));
    lines.push({ row, compared: shown, roundRatios, ratio: median(roundRatios) });
  }
  for (const rounds of others.values()) lines.push({ row: medianRound(rounds), side: comparedName });
  return lines;
}

/** The rows of each target, in order of first appearance. */
function roundsByTarget(rows: Row[]): Map<string, Row[]> {
  const byTarget = new Map<string, Row[]>();
  for (const row of rows) {
    const rounds = byTarget.get(row.target);
    if (rounds) rounds.push(row);
    else byTarget.set(row.target, [row]);
  }
  return byTarget;
}

/** The round whose rate is the median (of an even count, the lower of the middle two). */
function medianRound(rounds: Row[]): Row {
  const sorted = [...rounds].sort((a, b) => rpsOf(a) - rpsOf(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The median (of an even count, the mean of the middle two). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
}

/** A note per target measured in several rounds: its ratio in each round. */
export function roundNotes(lines: TableLine[]): string[] {
  return lines
    .filter((line) => line.roundRatios)
    .map(
      (line) =>
        `${line.row.target}: this build over the compared side, round by round: ` +
        `${line.roundRatios!.map(fmtPct).join(', ')} (median ${fmtPct(line.ratio!)})`,
    );
}

export function goalsText(cpuCount: number): string {
  return (
    `Goals: /click >= ${fmtInt(TARGET.clickRps)}/s and >= ${fmtPct(TARGET.clickVsBaseline)} of baseline; ` +
    `/postback >= ${fmtInt(TARGET.postbackRps)}/s; p99 < ${TARGET.p99Ms} ms; peak RSS < ${TARGET.rssMb} MB; ` +
    `prefilled >= ${fmtPct(TARGET.prefillVsEmpty)} of the empty database; PostgreSQL (two HTTP processes) ` +
    `/click >= ${fmtInt(TARGET.pgClickRps)}/s and /postback >= ${fmtInt(TARGET.pgPostbackRps)}/s.\n` +
    `req/s counts good answers only (302 with the click id for /click, {"status":1,…} for /postback); errors are ` +
    `other answers, connection errors and timeouts. The load generator (this process) and the server share the ` +
    `machine's ${cpuCount} CPUs; "server CPU" is the server process's use (100% = one core), "others CPU" what ` +
    `other processes took meanwhile. "peak WAL MB" is the largest size of the SQLite WAL file during the load.`
  );
}
