/**
 * PostgreSQL (--postgres URL): two ROLE=http processes (the load split between their ports) and
 * a ROLE=worker on one schema of their own: /click, /postback, and with the outbound section the
 * end-to-end delivery latency from an HTTP process to the worker process (woken by NOTIFY).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { IdPool } from '../load.js';
import { measure, startOnLab, type Lab } from '../measure.js';
import { benchSchemaUrl, dropSchema, insertClicksPg, readClickIdsPg } from '../postgres.js';
import { findProfile, formatProfile, summarizeProfile } from '../profile.js';
import { emptyReport, fmtInt, fmtPct, rpsOf, type Report, type Row } from '../report.js';
import { seedDatabase } from '../seed.js';
import type { ChildServer } from '../servers.js';
import { poolNeed, postbackSpec, probeClick } from '../workload.js';
import { deliveryCount, deliveryLatency } from './outbound.js';
import type { SqliteOutcome } from './sqlite.js';

export async function runPostgres(lab: Lab, baseUrl: string, sqlite: SqliteOutcome): Promise<Report> {
  const { options, sink } = lab;
  const report = emptyReport();
  const { url, schema } = benchSchemaUrl(baseUrl);
  lab.progress(`PostgreSQL: schema ${schema}`);
  const suffix = ' (PostgreSQL, 2 × ROLE=http + worker)';
  const ofSqlite = (row: Row, sqliteRow: Row | null) =>
    sqliteRow
      ? `${fmtPct(rpsOf(row) / rpsOf(sqliteRow))} of SQLite; CPU and RSS per HTTP process: sum and largest`
      : undefined;
  const started: ChildServer[] = [];
  // --profile: the first HTTP process is profiled; each phase is summarized over its own loads.
  const profileDir = options.profile ? join(lab.dir, 'profile-pg-http-1') : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const phases: { title: string; windows: [number, number][] }[] = [];
  try {
    const seeded = await seedDatabase(
      lab.build.root,
      lab.dir,
      url,
      lab.env,
      sink ? sink.urlTemplate() : null,
      'trackpost-pg-seed',
      lab.options.caps,
    );
    const start = async (role: 'http' | 'worker', label: string, cpuProfDir: string | null = null) => {
      const server = await startOnLab(lab, url, role, label, cpuProfDir);
      started.push(server);
      return server;
    };
    const servers = [
      await start('http', 'trackpost-pg-http-1', profileDir),
      await start('http', 'trackpost-pg-http-2'),
    ];
    await start('worker', 'trackpost-pg-worker');

    const clickStart = Date.now() - 1000;
    const path = `/click?offer_id=${seeded.offerId}&pid=${seeded.affiliateId}&sub1=bench`;
    const problem = await probeClick(servers[0].base, path, seeded.offerId);
    if (problem) report.notes.push(`PostgreSQL: ${problem}`);
    const click = await measure(lab, report, servers, {
      label: `/click${suffix}`,
      spec: () => ({ path, expectStatus: 302, connections: options.connections }),
      othersExpected: true,
    });
    phases.push({ title: `/click${suffix}, first HTTP process`, windows: click.windows });
    const clickRow: Row = { target: `/click${suffix}`, ...click, kind: 'pg-click' };
    clickRow.note = ofSqlite(clickRow, sqlite.click);
    report.rows.push(clickRow);

    const pool = new IdPool(
      await readClickIdsPg(
        url,
        schema,
        seeded.affiliateId,
        clickStart,
        poolNeed(options.durationS + options.warmupS, options.connections),
      ),
    );
    let toppedUp = 0;
    const label = `/postback ${options.postbackMethod}${suffix}`;
    const postback = await measure(lab, report, servers, {
      label,
      spec: () => postbackSpec(options, pool, options.connections),
      othersExpected: true,
      prepare: async (seconds) => {
        // PostgreSQL is slower to fill: size for a third of the SQLite rate
        const need = Math.ceil(poolNeed(seconds, options.connections) / 3);
        if (pool.remaining >= need) return;
        const extra = need - pool.remaining;
        lab.progress(`PostgreSQL: writing ${fmtInt(extra)} clicks for /postback to convert`);
        pool.add(await insertClicksPg(url, schema, seeded.offerId, seeded.affiliateId, extra));
        toppedUp += extra;
      },
    });
    if (toppedUp > 0)
      report.notes.push(`${label}: ${fmtInt(toppedUp)} fresh clicks were added to the pool of clicks to convert`);
    phases.push({ title: `${label}, first HTTP process`, windows: postback.windows });
    const postbackRow: Row = { target: label, ...postback, kind: 'pg-postback' };
    postbackRow.note = ofSqlite(postbackRow, sqlite.postback);
    report.rows.push(postbackRow);

    // Affiliate postbacks queued by an HTTP process and sent by the worker process, woken by NOTIFY.
    if (sink && seeded.sinkAffiliateId !== null) {
      const sinkClicks = new IdPool(
        await insertClicksPg(url, schema, seeded.offerId, seeded.sinkAffiliateId, deliveryCount(lab) + 100),
      );
      await deliveryLatency(
        lab,
        report,
        `/postback → affiliate postback at the sink, ${fmtInt(options.outboundRate)}/s${suffix}`,
        servers[0],
        sinkClicks,
        sink,
        true,
      );
    }
    report.notes.push(`PostgreSQL runs on this machine too: its CPU is part of "others CPU" in the PostgreSQL rows`);
  } finally {
    await Promise.all(started.map((server) => server.stop()));
    const file = profileDir ? findProfile(profileDir) : null;
    for (const { title, windows } of profileDir ? phases : []) {
      report.profiles.push(
        file ? formatProfile(title, summarizeProfile(file, windows)) : `(no CPU profile for ${title})`,
      );
    }
    await dropSchema(url, schema).catch((error) =>
      report.notes.push(`PostgreSQL: dropping schema ${schema} failed: ${String(error)}`),
    );
  }
  return report;
}
