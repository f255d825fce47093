/**
 * Paired loads (`--only paired`, with --compare or --compare-env): both sides' servers run at
 * once, and the load switches from one side to the other every second (in the order A B B A
 * A B …), for --duration × 2 seconds each. A machine whose speed drifts over tens of seconds
 * (a shared virtual machine) moves two loads a minute apart by more than a feature costs; two
 * loads interleaved second by second meet the same machine, so their ratio shows the feature.
 *
 * /click then /postback on SQLite (one ROLE=all process per side), and with --postgres the
 * same on PostgreSQL (two ROLE=http processes and a worker per side, a schema each). The rows
 * give each side's rate over all its slices; the notes give the spread of the slice pairs'
 * ratios and each side's server CPU per answer.
 *
 * One pair of processes also differs by itself: with the same build and settings on both
 * sides, one pair gave 91% to 114% for the same load, most often in favour of the side started
 * second. So each backend is measured on two fresh pairs, started in the two orders, with half
 * of the slices each; the rows and notes cover both, and a note gives each pair's ratio.
 */
import { join } from 'node:path';
import { IdPool, percentile, runLoad, type LoadResult } from '../load.js';
import { startOnLab, type Lab, type PhaseSpec } from '../measure.js';
import { readClickIds } from '../prefill.js';
import { benchSchemaUrl, dropSchema, insertClicksPg, readClickIdsPg } from '../postgres.js';
import { emptyReport, errorKinds, fmtInt, fmtPct, median, type Report, type Row } from '../report.js';
import { seedDatabase, type Seeded } from '../seed.js';
import { readCpuSeconds, type ChildServer } from '../servers.js';
import { freshClicks, poolNeed, postbackSpec, probeClick } from '../workload.js';

/** Seconds of one slice of load on one side. */
const SLICE_S = 1;

/** One side's processes on one database, and the clicks its /postback load converts. */
interface Deployment {
  lab: Lab;
  servers: ChildServer[];
  /** Every process of the side (HTTP and worker): their CPU is the side's cost. */
  processes: ChildServer[];
  seeded: Seeded;
  pool: IdPool;
  /** Reads the ids of the clicks made since `sinceMs` (at most `limit`). */
  clickIds(sinceMs: number, limit: number): Promise<string[]>;
  /** Writes `count` fresh clicks and gives their ids. */
  freshClicks(count: number): Promise<string[]>;
  /** The share of the SQLite /postback rate the click pool is sized for. */
  poolShare: number;
  stop(): Promise<void>;
}

/** What one side measured over its slices of one load. */
interface Slices {
  results: LoadResult[];
  cpuSeconds: number;
}

async function deploySqlite(lab: Lab): Promise<Deployment> {
  const dbPath = join(lab.dir, 'paired.db');
  const databaseUrl = `file:${dbPath}`;
  const seeded = await seedDatabase(
    lab.build.root,
    lab.dir,
    databaseUrl,
    lab.env,
    null,
    'paired-seed',
    lab.options.caps,
  );
  const server = await startOnLab(lab, databaseUrl, 'all', 'trackpost-paired');
  return {
    lab,
    servers: [server],
    processes: [server],
    seeded,
    pool: new IdPool(),
    clickIds: async (sinceMs, limit) => readClickIds(dbPath, seeded.affiliateId, sinceMs, limit),
    freshClicks: async (count) => freshClicks(dbPath, seeded.offerId, seeded.affiliateId, count),
    poolShare: 1,
    stop: () => server.stop(),
  };
}

async function deployPostgres(lab: Lab, baseUrl: string): Promise<Deployment> {
  const { url, schema } = benchSchemaUrl(baseUrl);
  const seeded = await seedDatabase(lab.build.root, lab.dir, url, lab.env, null, 'paired-pg-seed', lab.options.caps);
  const processes: ChildServer[] = [];
  const start = async (role: 'http' | 'worker', label: string) => {
    const server = await startOnLab(lab, url, role, label);
    processes.push(server);
    return server;
  };
  const servers = [await start('http', 'paired-pg-http-1'), await start('http', 'paired-pg-http-2')];
  await start('worker', 'paired-pg-worker');
  return {
    lab,
    servers,
    processes,
    seeded,
    pool: new IdPool(),
    clickIds: (sinceMs, limit) => readClickIdsPg(url, schema, seeded.affiliateId, sinceMs, limit),
    freshClicks: (count) => insertClicksPg(url, schema, seeded.offerId, seeded.affiliateId, count),
    // PostgreSQL converts at about half of SQLite's rate, or less.
    poolShare: 1 / 2,
    stop: async () => {
      await Promise.all(processes.map((server) => server.stop()));
      await dropSchema(url, schema);
    },
  };
}

const cpuOf = (side: Deployment) => side.processes.reduce((sum, server) => sum + (readCpuSeconds(server.pid) ?? 0), 0);

/**
 * One load, warmed up on each side, then run in alternate slices: `spec(side)` gives a side's
 * load (built anew for every slice, so a pool's remaining size is current).
 */
async function interleave(
  sides: [Deployment, Deployment],
  label: string,
  count: number,
  spec: (side: Deployment) => PhaseSpec,
): Promise<[Slices, Slices]> {
  const { options } = sides[0].lab;
  const base = (side: Deployment) => side.servers.map((server) => server.base);
  for (const side of sides) {
    side.lab.progress(`${label}: warm-up ${options.warmupS} s`);
    if (options.warmupS > 0) await runLoad({ ...spec(side), base: base(side), durationS: options.warmupS });
  }
  const measured: [Slices, Slices] = [
    { results: [], cpuSeconds: 0 },
    { results: [], cpuSeconds: 0 },
  ];
  sides[0].lab.progress(`${label}: ${count} slices of ${SLICE_S} s on each side, alternately`);
  for (let slice = 0; slice < count; slice++) {
    // A B, B A, A B, …: each side goes first as often as second.
    const order = slice % 2 === 0 ? [0, 1] : [1, 0];
    for (const index of order) {
      const side = sides[index];
      const cpuBefore = cpuOf(side);
      measured[index].results.push(await runLoad({ ...spec(side), base: base(side), durationS: SLICE_S }));
      measured[index].cpuSeconds += cpuOf(side) - cpuBefore;
    }
  }
  return measured;
}

/** The first and third quartiles. */
function quartiles(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  return [percentile(sorted, 25), percentile(sorted, 75)];
}

/** A side's row: its good answers over all its slices' time; latencies are the median slice's. */
function rowOf(target: string, slices: Slices): Row {
  const seconds = slices.results.reduce((sum, result) => sum + result.elapsedS, 0);
  const errors = new Map<string, number>();
  for (const result of slices.results)
    for (const [kind, n] of result.errors) errors.set(kind, (errors.get(kind) ?? 0) + n);
  const exhausted = slices.results.some((result) => result.exhausted);
  return {
    target,
    result: null,
    rps: rateOf(slices),
    p50: median(slices.results.map((result) => result.p50)),
    p99: median(slices.results.map((result) => result.p99)),
    errors: slices.results.reduce((sum, result) => sum + result.errorCount, 0),
    rssMb: null,
    serverCpu: slices.cpuSeconds / seconds,
    kind: 'other',
    note:
      `${slices.results.length} slices of ${SLICE_S} s, interleaved with the other side's` +
      `${errors.size > 0 ? `; errors: ${errorKinds(errors)}` : ''}${exhausted ? '; the click pool ran out' : ''}`,
  };
}

/** The slice pairs' ratios (this side over the other), and each side's CPU per answer. */
function pairNote(target: string, own: Slices, other: Slices): string {
  const ratios = own.results.map((result, index) => result.okRps / other.results[index].okRps);
  const [low, high] = quartiles(ratios);
  const perAnswer = (slices: Slices) =>
    (slices.cpuSeconds * 1e6) /
    Math.max(
      1,
      slices.results.reduce((sum, result) => sum + result.ok, 0),
    );
  return (
    `${target}: slice pairs, this build over the compared side: median ${fmtPct(median(ratios))}, ` +
    `middle half ${fmtPct(low)} to ${fmtPct(high)}; CPU of the side's processes per good answer: ` +
    `${fmtInt(perAnswer(own))} µs here, ${fmtInt(perAnswer(other))} µs compared`
  );
}

/** Each side's slices of one load, this build's side first. */
type Pair = [Slices, Slices];

/** What one deployment pair measured: the loads asked for, and problems to note. */
interface PairMeasures {
  click: Pair | null;
  postback: Pair | null;
  notes: [string[], string[]];
}

/** /click then /postback (those asked for) on one deployment per side, `count` slices each. */
async function measurePair(
  sides: [Deployment, Deployment],
  suffix: string,
  loads: { click: boolean; postback: boolean },
  count: number,
): Promise<PairMeasures> {
  const { options } = sides[0].lab;
  const measures: PairMeasures = { click: null, postback: null, notes: [[], []] };
  const clickStart = Date.now() - 1000;
  for (const [index, side] of sides.entries()) {
    const problem = await probeClick(side.servers[0].base, clickPath(side), side.seeded.offerId);
    if (problem) measures.notes[index].push(`paired${suffix}: ${problem}`);
  }
  if (loads.click) {
    measures.click = await interleave(sides, `/click${suffix} (paired)`, count, (side) => ({
      path: clickPath(side),
      expectStatus: 302,
      connections: options.connections,
    }));
  }
  if (!loads.postback) return measures;

  // The pool holds the clicks the /click load made, topped up with clicks written for it.
  // Every slice's load also builds a request per connection that it never sends.
  for (const side of sides) {
    const need = Math.ceil(
      poolNeed((options.warmupS + count * SLICE_S) * side.poolShare, options.connections) +
        count * 3 * options.connections,
    );
    side.pool.add(await side.clickIds(clickStart, need));
    if (need > side.pool.remaining) side.pool.add(await side.freshClicks(need - side.pool.remaining));
  }
  measures.postback = await interleave(sides, `/postback ${options.postbackMethod}${suffix} (paired)`, count, (side) =>
    postbackSpec(options, side.pool, options.connections),
  );
  return measures;
}

/** Both halves' slices of one load as one measurement per side. */
function joinHalves(halves: Pair[]): Pair {
  const join = (index: 0 | 1): Slices => ({
    results: halves.flatMap((pair) => pair[index].results),
    cpuSeconds: halves.reduce((sum, pair) => sum + pair[index].cpuSeconds, 0),
  });
  return [join(0), join(1)];
}

const clickPath = (side: Deployment) =>
  `/click?offer_id=${side.seeded.offerId}&pid=${side.seeded.affiliateId}&sub1=bench`;

/** Rows and notes of one load measured in two halves: this build started first, then second. */
function addHalves(reports: [Report, Report], target: string, halves: Pair[]): void {
  const measured = joinHalves(halves);
  reports[0].rows.push(rowOf(target, measured[0]));
  reports[1].rows.push(rowOf(target, measured[1]));
  reports[0].notes.push(pairNote(target, measured[0], measured[1]));
  const [first, second] = halves.map(([own, other]) => rateOf(own) / rateOf(other));
  reports[0].notes.push(
    `${target}: this build over the compared side when started first ${fmtPct(first)}, second ${fmtPct(second)}`,
  );
}

/** Good answers per second over all of a side's slices. */
function rateOf(slices: Slices): number {
  const ok = slices.results.reduce((sum, result) => sum + result.ok, 0);
  return ok / slices.results.reduce((sum, result) => sum + result.elapsedS, 0);
}

/** Both sides' paired rows: SQLite, then PostgreSQL when `postgres` is given (the loads asked for). */
export async function runPaired(labs: [Lab, Lab], postgres: string | null): Promise<[Report, Report]> {
  const { options } = labs[0];
  const asked = options.pairedLoads;
  const reports: [Report, Report] = [emptyReport(), emptyReport()];
  // Half of the slices on each deployment pair, each half an even number (A B, B A).
  const half = Math.max(2, 2 * Math.round((options.durationS * 2) / SLICE_S / 4));
  /** Deployed and not yet stopped. */
  const running = new Set<Deployment>();
  const stopAll = async (list: Iterable<Deployment>) => {
    for (const side of [...list]) {
      running.delete(side);
      await side.stop();
    }
  };
  /** Deploys both sides, this build's first or second; answers them this build's first. */
  const deploy = async (make: (lab: Lab) => Promise<Deployment>, thisFirst: boolean) => {
    const pair = new Map<Lab, Deployment>();
    for (const lab of thisFirst ? labs : [labs[1], labs[0]]) {
      const deployment = await make(lab);
      running.add(deployment);
      pair.set(lab, deployment);
    }
    return [pair.get(labs[0])!, pair.get(labs[1])!] as [Deployment, Deployment];
  };
  const measureBackend = async (
    make: (lab: Lab) => Promise<Deployment>,
    suffix: string,
    loads: { click: boolean; postback: boolean },
  ) => {
    if (!loads.click && !loads.postback) return;
    const halves: PairMeasures[] = [];
    for (const thisFirst of [true, false]) {
      labs[0].progress(`paired${suffix}: deploying ${thisFirst ? 'this build' : 'the compared side'} first`);
      const sides = await deploy(make, thisFirst);
      halves.push(await measurePair(sides, suffix, loads, half));
      await stopAll(sides);
    }
    for (const [index, report] of reports.entries()) report.notes.push(...halves.flatMap((m) => m.notes[index]));
    const clicks = halves.flatMap((m) => (m.click ? [m.click] : []));
    if (clicks.length > 0) addHalves(reports, `/click${suffix} (paired)`, clicks);
    const postbacks = halves.flatMap((m) => (m.postback ? [m.postback] : []));
    if (postbacks.length > 0) addHalves(reports, `/postback ${options.postbackMethod}${suffix} (paired)`, postbacks);
  };
  try {
    await measureBackend(deploySqlite, '', { click: asked.includes('click'), postback: asked.includes('postback') });
    if (postgres) {
      await measureBackend((lab) => deployPostgres(lab, postgres), ' (PostgreSQL, 2 × ROLE=http + worker)', {
        click: asked.includes('pg-click'),
        postback: asked.includes('pg-postback'),
      });
      reports[0].notes.push('paired rows: "server CPU" sums every process of the side (PostgreSQL not included)');
    }
  } finally {
    await stopAll(running).catch(() => undefined);
  }
  return reports;
}
