/**
 * Affiliate postbacks to the local sink, on the empty SQLite database: the time from a /postback
 * answer to the sink's receipt at a steady rate; a ROLE=all process at full load delivering what
 * it queues; a ROLE=http process queuing a backlog; and a ROLE=worker process alone draining it.
 */
import { IdPool, percentile } from '../load.js';
import { DISTURBED_CORES, measure, quiet, type Lab } from '../measure.js';
import type { Sink } from '../outbound.js';
import { pacedLoad } from '../paced.js';
import { emptyReport, errorKinds, fmtInt, fmtMs, type Report } from '../report.js';
import { ADMIN_KEY } from '../seed.js';
import { CpuMeter, MachineCpuMeter, RssSampler, startTrackpost, type ChildServer } from '../servers.js';
import { freshClicks, poolNeed, postbackPaths, postbackSpec } from '../workload.js';
import type { SqliteOutcome } from './sqlite.js';

/** Postbacks a deliveryLatency() run sends, warm-up included. */
export function deliveryCount(lab: Lab): number {
  return Math.floor(lab.options.outboundRate * (lab.options.warmupS + lab.options.durationS));
}

/** This process's CPU since `from` (process.cpuUsage()), in cores over `sinceMs`. */
function ownCores(from: NodeJS.CpuUsage, sinceMs: number): number {
  const own = process.cpuUsage(from);
  return (own.user + own.system) / 1e6 / Math.max(0.001, (performance.now() - sinceMs) / 1000);
}

/**
 * Postbacks at a steady rate (--outbound-rate) to `server`, each converting a click of the sink
 * affiliate from `pool` (deliveryCount() of them); one row with the time from each /postback
 * answer to the sink's receipt, measured after the warm-up (the first seconds of a process that
 * has not delivered yet are slow: its JIT, and on PostgreSQL its connections and plans, are cold).
 * `othersExpected`: other processes of the setup (a worker, PostgreSQL) are busy too.
 */
export async function deliveryLatency(
  lab: Lab,
  report: Report,
  target: string,
  server: ChildServer,
  pool: IdPool,
  sink: Sink,
  othersExpected = false,
): Promise<void> {
  const { options } = lab;
  const rate = options.outboundRate;
  const count = deliveryCount(lab);
  sink.reset();
  await quiet(lab);
  lab.progress(
    `outbound: postbacks at ${fmtInt(rate)}/s for ${options.durationS} s, affiliate postbacks to the sink (${target})`,
  );
  const sampler = new RssSampler(server.pid);
  const cpu = new CpuMeter(server.pid);
  const machine = new MachineCpuMeter();
  const ownFrom = process.cpuUsage();
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
  const othersCpu = Math.max(0, machine.stop() - serverCpu - ownCores(ownFrom, startedAt));
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
  const notes = report.notes;
  if (errorCount > 0) notes.push(`${target}: ${errorKinds(result.errors, Infinity)}`);
  if (missing > 0)
    notes.push(
      `${target}: ${fmtInt(missing)} of ${fmtInt(answeredAt.size)} affiliate postbacks not received within 30 s`,
    );
  if (sink.repeats > 0) notes.push(`${target}: ${fmtInt(sink.repeats)} affiliate postbacks arrived more than once`);
  if (othersCpu > DISTURBED_CORES && !othersExpected)
    notes.push(`${target}: other processes used ${othersCpu.toFixed(2)} cores meanwhile`);
  report.rows.push({
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
  lab.progress(
    `outbound e2e: p50 ${fmtMs(percentile(latencies, 50))} ms, p99 ${fmtMs(percentile(latencies, 99))} ms, ${missing} missing`,
  );
}

/** End-to-end latency, then the same ROLE=all process at full load with an affiliate postback per answer. */
async function endToEnd(lab: Lab, report: Report, empty: SqliteOutcome, sink: Sink): Promise<void> {
  const { options } = lab;
  const { dbPath, seeded } = empty;
  const affiliateId = seeded.sinkAffiliateId!;
  const pool = new IdPool(freshClicks(dbPath, seeded.offerId, affiliateId, deliveryCount(lab) + 100));
  const server = await startTrackpost({
    root: lab.build.root,
    dir: lab.dir,
    databaseUrl: `file:${dbPath}`,
    adminKey: ADMIN_KEY,
    role: 'all',
    env: lab.env,
    label: 'trackpost-outbound-e2e',
  });
  try {
    await deliveryLatency(
      lab,
      report,
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
    const measured = await measure(lab, report, server, {
      label,
      spec: () => ({ ...postbackSpec(options, pool, options.connections), onOk: () => void queued++ }),
      prepare: (seconds) => {
        const need = poolNeed(seconds, options.connections);
        if (pool.remaining < need) pool.add(freshClicks(dbPath, seeded.offerId, affiliateId, need - pool.remaining));
      },
      walPath: `${dbPath}-wal`,
    });
    report.rows.push({ target: label, ...measured, kind: 'postback' });
    // The backlog left at the end is delivered before the next phase, which counts its own.
    const startedAt = performance.now();
    if (await sink.waitFor(queued, 120_000, 15_000)) {
      report.notes.push(
        `${label}: ${fmtInt(sink.arrivals.size)} affiliate postbacks delivered, the last ` +
          `${((performance.now() - startedAt) / 1000).toFixed(1)} s after the load ended`,
      );
    } else {
      report.notes.push(
        `${label}: ${fmtInt(queued - sink.arrivals.size)} of ${fmtInt(queued)} affiliate postbacks not delivered within 120 s`,
      );
    }
  } finally {
    await server.stop();
  }
}

/**
 * Backlog then drain: ROLE=http answers postbacks that each queue one affiliate postback (no
 * worker running), then a ROLE=worker process alone delivers the backlog.
 */
async function backlogThenDrain(lab: Lab, report: Report, empty: SqliteOutcome, sink: Sink): Promise<void> {
  const { options } = lab;
  const { dbPath, seeded } = empty;
  const affiliateId = seeded.sinkAffiliateId!;
  const databaseUrl = `file:${dbPath}`;
  const jobs = options.outboundJobs;
  const connections = options.connections;
  const pool = new IdPool(freshClicks(dbPath, seeded.offerId, affiliateId, jobs + 4 * connections + 100));
  const start = (role: 'http' | 'worker', label: string) =>
    startTrackpost({ root: lab.build.root, dir: lab.dir, databaseUrl, adminKey: ADMIN_KEY, role, env: lab.env, label });
  const httpServer = await start('http', 'trackpost-outbound-http');
  let queued = 0;
  try {
    const label = `/postback ${options.postbackMethod}, queuing 1 affiliate postback each (ROLE=http)`;
    const measured = await measure(lab, report, httpServer, {
      label,
      spec: () => ({ ...postbackSpec(options, pool, connections), onOk: () => void queued++ }),
      // a repeated attempt gets clicks of its own (the backlog grows by up to --outbound-jobs)
      prepare: (seconds) => {
        const need = Math.min(jobs, poolNeed(seconds, connections));
        if (pool.remaining < need) pool.add(freshClicks(dbPath, seeded.offerId, affiliateId, need - pool.remaining));
      },
      walPath: `${dbPath}-wal`,
    });
    report.rows.push({
      target: label,
      ...measured,
      kind: 'postback',
      note: pool.remaining < 4 * connections + 100 ? `${fmtInt(jobs)} postbacks (the --outbound-jobs cap)` : undefined,
    });
  } finally {
    await httpServer.stop();
  }
  sink.reset();
  await quiet(lab);
  lab.progress(`outbound: ROLE=worker delivering ${fmtInt(queued)} affiliate postbacks`);
  const startedAt = performance.now();
  const worker = await start('worker', 'trackpost-outbound-worker');
  const sampler = new RssSampler(worker.pid);
  const cpu = new CpuMeter(worker.pid);
  const machine = new MachineCpuMeter();
  const ownFrom = process.cpuUsage();
  try {
    const done = await sink.waitFor(queued, 120_000, 15_000);
    const serverCpu = cpu.stop();
    const othersCpu = Math.max(0, machine.stop() - serverCpu - ownCores(ownFrom, startedAt));
    const rssMb = sampler.stop();
    const delivered = sink.arrivals.size;
    const spanS = Math.max(0.001, (sink.lastAt - sink.firstAt) / 1000);
    const rate = delivered > 1 ? delivered / spanS : NaN;
    const missing = Math.max(0, queued - delivered);
    if (!done)
      report.notes.push(
        `outbound deliveries: ${fmtInt(missing)} of ${fmtInt(queued)} not delivered (waited up to 120 s)`,
      );
    if (sink.repeats > 0)
      report.notes.push(`outbound deliveries: ${fmtInt(sink.repeats)} affiliate postbacks arrived more than once`);
    const firstAfterS = sink.firstAt ? (sink.firstAt - startedAt) / 1000 : NaN;
    report.rows.push({
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
    lab.progress(`outbound deliveries: ${fmtInt(rate)}/s`);
  } finally {
    await worker.stop();
  }
}

export async function runOutbound(lab: Lab, empty: SqliteOutcome, sink: Sink): Promise<Report> {
  const report = emptyReport();
  if (empty.seeded.sinkAffiliateId === null) return report;
  await endToEnd(lab, report, empty, sink);
  await backlogThenDrain(lab, report, empty, sink);
  return report;
}
