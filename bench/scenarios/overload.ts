/**
 * Overload: /postback at twice the rate this machine serves, on a ROLE=all process of its own
 * (SQLite). First the rate it serves is measured (a closed loop, as the /postback row), then
 * that rate doubled is offered as an open loop (bench/paced.ts: evenly spaced, whatever the
 * answers do, over 512 connections) and every answer counted: accepted (200 `{"status":1}`), shed
 * (503 with Retry-After, http/overload.ts) or anything else. The row shows the accepted rate,
 * the accepted answers' p50/p99, the peak RSS; the note the shed rate and how the server answered
 * right after the load (recovery). Each request converts a different click, written straight
 * into the database beforehand.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { IdPool, percentile, runLoad } from '../load.js';
import { pacedLoad } from '../paced.js';
import type { Lab } from '../measure.js';
import { emptyReport, fmtInt, fmtMs, type Report } from '../report.js';
import { ADMIN_KEY, seedDatabase } from '../seed.js';
import { CpuMeter, RssSampler, startTrackpost } from '../servers.js';
import { freshClicks, poolNeed, postbackPaths, postbackSpec } from '../workload.js';

/** Connections of the doubled load: twice MAX_IN_FLIGHT's default, so that the server's bound is what limits. */
const CONNECTIONS = 512;

export async function runOverload(lab: Lab): Promise<Report> {
  const { options } = lab;
  const report = emptyReport();
  const dir = join(lab.dir, 'overload');
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, 'overload.db');
  const databaseUrl = `file:${dbPath}`;
  const seeded = await seedDatabase(lab.build.root, dir, databaseUrl, lab.env, null, 'trackpost-overload-seed');
  const server = await startTrackpost({
    root: lab.build.root,
    dir,
    databaseUrl,
    adminKey: ADMIN_KEY,
    role: 'all',
    env: lab.env,
    label: 'trackpost-overload',
  });
  const pool = new IdPool();
  const topUp = (count: number) => {
    if (pool.remaining < count)
      pool.add(freshClicks(dbPath, seeded.offerId, seeded.affiliateId, count - pool.remaining));
  };
  try {
    // What the machine serves: a closed loop, after a warm-up.
    const capacityS = options.quick ? 3 : 5;
    topUp(poolNeed(options.warmupS + capacityS, options.connections));
    lab.progress('overload: warm-up, then the rate /postback is served at');
    if (options.warmupS > 0)
      await runLoad({
        ...postbackSpec(options, pool, options.connections),
        base: server.base,
        durationS: options.warmupS,
      });
    const capacity = await runLoad({
      ...postbackSpec(options, pool, options.connections),
      base: server.base,
      durationS: capacityS,
    });
    const rate = Math.round(2 * capacity.okRps);
    topUp(Math.ceil(rate * (1 + options.durationS) * 1.05) + 200);

    lab.progress(
      `overload: /postback offered at ${fmtInt(rate)}/s (twice ${fmtInt(capacity.okRps)}/s) for ${options.durationS} s`,
    );
    const warmupS = 1;
    const paths = postbackPaths(pool, Math.ceil(rate * (warmupS + options.durationS) * 1.02) + 100);
    const rss = new RssSampler(server.pid);
    const cpu = new CpuMeter(server.pid);
    const paced = await pacedLoad({
      base: server.base,
      rate,
      warmupS,
      durationS: options.durationS,
      paths,
      expect: 'postback',
      connections: CONNECTIONS,
    });
    const serverCpu = cpu.stop();
    const peakRss = rss.stop();

    // Recovery: the next requests, one after another, straight after the load.
    const probes = postbackPaths(pool, 20);
    const probeMs: number[] = [];
    let probeFailures = 0;
    for (const path of probes) {
      const t0 = performance.now();
      const answer = await fetch(`${server.base}${path}`);
      const body = await answer.text();
      probeMs.push(performance.now() - t0);
      if (answer.status !== 200 || !body.startsWith('{"status":1')) probeFailures++;
    }

    let shed = 0;
    let other = 0;
    for (const [kind, count] of paced.errors) {
      if (kind.startsWith('HTTP 503')) shed += count;
      else other += count;
    }
    const seconds = options.durationS;
    const okP50 = percentile(paced.okLatencies, 50);
    const okP99 = percentile(paced.okLatencies, 99);
    report.rows.push({
      target: `/postback offered at 2x (${fmtInt(rate)}/s, open loop): accepted`,
      result: null,
      rps: paced.ok / seconds,
      p50: okP50,
      p99: okP99,
      errors: other,
      rssMb: peakRss,
      serverCpu,
      kind: 'other',
      note: `shed ${fmtInt(shed / seconds)}/s with 503`,
    });
    report.notes.push(
      `overload: ${fmtInt(capacity.okRps)}/s served in a closed loop of ${options.connections} connections; ` +
        `twice that offered evenly spaced (${fmtInt(paced.sent / seconds)}/s sent, ${CONNECTIONS} connections): ` +
        `${fmtInt(paced.ok)} accepted (${fmtInt(paced.ok / seconds)}/s, p50 ${fmtMs(okP50)} ms, p99 ${fmtMs(okP99)} ms), ` +
        `${fmtInt(shed)} shed with 503 (${fmtInt(shed / seconds)}/s), ${fmtInt(other)} other errors` +
        `${
          other > 0
            ? ` (${[...paced.errors.keys()]
                .filter((k) => !k.startsWith('HTTP 503'))
                .join('; ')
                .slice(0, 200)})`
            : ''
        }; ` +
        `every answer's p99 ${fmtMs(percentile(paced.latencies, 99))} ms; server CPU ${(serverCpu * 100).toFixed(0)}%, ` +
        `load generator ${(paced.clientCpu * 100).toFixed(0)}%; peak RSS ${peakRss.toFixed(0)} MB; ` +
        `right after the load, ${probes.length - probeFailures} of ${probes.length} postbacks sent one by one were accepted, ` +
        `the first in ${fmtMs(probeMs[0] ?? Number.NaN)} ms, the slowest in ${fmtMs(Math.max(...probeMs))} ms`,
    );
  } finally {
    await server.stop();
  }
  return report;
}
