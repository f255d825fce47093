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
  const count = Math.max(2, Math.round((options.durationS * 2) / SLICE_S));
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
  const ok = slices.results.reduce((sum, result) => sum + result.ok, 0);
  const seconds = slices.results.reduce((sum, result) => sum + result.elapsedS, 0);
  const errors = new Map<string, number>();
  for (const result of slices.results)
    for (const [kind, n] of result.errors) errors.set(kind, (errors.get(kind) ?? 0) + n);
  const exhausted = slices.results.some((result) => result.exhausted);
  return {
    target,
    result: null,
    rps: ok / seconds,
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

/** /click then /postback on one deployment per side; adds a row to each side's report. */
async function measurePair(sides: [Deployment, Deployment], reports: [Report, Report], suffix: string): Promise<void> {
  const { options } = sides[0].lab;
  const clickStart = Date.now() - 1000;
  for (const side of sides) {
    const problem = await probeClick(side.servers[0].base, clickPath(side), side.seeded.offerId);
    if (problem) reports[sides.indexOf(side)].notes.push(`paired${suffix}: ${problem}`);
  }
  const clickTarget = `/click${suffix} (paired)`;
  const click = await interleave(sides, clickTarget, (side) => ({
    path: clickPath(side),
    expectStatus: 302,
    connections: options.connections,
  }));
  addRows(reports, clickTarget, click);

  // Every slice's load also builds a request per connection that it never sends.
  const slices = click[0].results.length;
  for (const side of sides) {
    const need = Math.ceil(
      poolNeed((options.warmupS + slices * SLICE_S) * side.poolShare, options.connections) +
        slices * 3 * options.connections,
    );
    side.pool.add(await side.clickIds(clickStart, need));
    if (need > side.pool.remaining) side.pool.add(await side.freshClicks(need - side.pool.remaining));
  }
  const postbackTarget = `/postback ${options.postbackMethod}${suffix} (paired)`;
  const postback = await interleave(sides, postbackTarget, (side) =>
    postbackSpec(options, side.pool, options.connections),
  );
  addRows(reports, postbackTarget, postback);
}

const clickPath = (side: Deployment) =>
  `/click?offer_id=${side.seeded.offerId}&pid=${side.seeded.affiliateId}&sub1=bench`;

function addRows(reports: [Report, Report], target: string, measured: [Slices, Slices]): void {
  reports[0].rows.push(rowOf(target, measured[0]));
  reports[1].rows.push(rowOf(target, measured[1]));
  reports[0].notes.push(pairNote(target, measured[0], measured[1]));
}

/** Both sides' paired rows: SQLite, then PostgreSQL when `postgres` is given. */
export async function runPaired(labs: [Lab, Lab], postgres: string | null): Promise<[Report, Report]> {
  const reports: [Report, Report] = [emptyReport(), emptyReport()];
  /** Deployed and not yet stopped. */
  const running = new Set<Deployment>();
  const deploy = async (make: (lab: Lab) => Promise<Deployment>): Promise<[Deployment, Deployment]> => {
    const pair: Deployment[] = [];
    for (const lab of labs) {
      const deployment = await make(lab);
      running.add(deployment);
      pair.push(deployment);
    }
    return [pair[0], pair[1]];
  };
  const stopAll = async (list: Iterable<Deployment>) => {
    for (const side of [...list]) {
      running.delete(side);
      await side.stop();
    }
  };
  try {
    const sqlite = await deploy(deploySqlite);
    await measurePair(sqlite, reports, '');
    await stopAll(sqlite);
    if (postgres) {
      const pg = await deploy((lab) => deployPostgres(lab, postgres));
      await measurePair(pg, reports, ' (PostgreSQL, 2 × ROLE=http + worker)');
      await stopAll(pg);
      reports[0].notes.push('paired rows: "server CPU" sums every process of the side (PostgreSQL not included)');
    }
  } finally {
    await stopAll(running).catch(() => undefined);
  }
  return reports;
}
