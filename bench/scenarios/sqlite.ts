/**
 * One SQLite database, empty or prefilled with --prefill N clicks: /click, then /postback on a
 * fresh server process on the same database, and on the empty one /postback paced at 8,000/s.
 * Each row carries the peak size of the WAL file during its load.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { IdPool } from '../load.js';
import { measure, measurePaced, startOnLab, type Lab } from '../measure.js';
import { insertClicks, readClickIds } from '../prefill.js';
import { findProfile, formatProfile, summarizeProfile } from '../profile.js';
import { emptyReport, fmtInt, TARGET, type Report, type Row } from '../report.js';
import { seedDatabase, type Seeded } from '../seed.js';
import type { ChildServer } from '../servers.js';
import { freshClicks, poolNeed, postbackPaths, postbackSpec, probeClick } from '../workload.js';

export interface SqliteOutcome {
  report: Report;
  click: Row | null;
  postback: Row | null;
  /** The database and its records, for the outbound scenario that follows on the empty one. */
  dbPath: string;
  seeded: Seeded;
}

/** Stops a server; when profiled, adds the summary of its profile to the report. */
async function stopProfiled(
  report: Report,
  server: ChildServer,
  profileDir: string | null,
  title: string,
  windows: [number, number][],
): Promise<void> {
  await server.stop();
  if (!profileDir) return;
  const file = findProfile(profileDir);
  report.profiles.push(
    file ? formatProfile(title, summarizeProfile(file, windows)) : `(no CPU profile written for ${title})`,
  );
}

/** Writes --prefill N clicks spread over the last 7 days; gives a sample of their ids. */
function prefill(lab: Lab, report: Report, dbPath: string, seeded: Seeded): string[] {
  const { options } = lab;
  const started = Date.now();
  lab.progress(`prefill: inserting ${fmtInt(options.prefill)} clicks`);
  let lastShown = 0;
  const ids = insertClicks(dbPath, {
    offerId: seeded.offerId,
    affiliateId: seeded.affiliateId,
    count: options.prefill,
    fromMs: started - 7 * 86_400_000,
    toMs: started - 60_000,
    // enough for the warm-up and every attempt (beyond that: fresh clicks)
    sample: Math.min(
      options.prefill,
      poolNeed(options.warmupS + (1 + options.retries) * options.durationS, options.connections),
    ),
    onProgress: (done) => {
      if (Date.now() - lastShown > 5000) {
        lastShown = Date.now();
        lab.progress(`prefill: ${fmtInt(done)} clicks`);
      }
    },
  });
  const seconds = (Date.now() - started) / 1000;
  report.notes.push(
    `prefill: ${fmtInt(options.prefill)} clicks inserted in ${seconds.toFixed(1)} s ` +
      `(${fmtInt(options.prefill / seconds)}/s); the prefilled run's /postback converts a uniform sample of them (clicks up to 7 days old)`,
  );
  return ids;
}

/**
 * /click then /postback, each on a fresh server process. `empty` is the empty database's outcome
 * when this one is prefilled (its rows show the ratio to it).
 */
export async function runSqlite(
  lab: Lab,
  kind: 'empty' | 'prefilled',
  empty: SqliteOutcome | null,
): Promise<SqliteOutcome> {
  const { options } = lab;
  const report = emptyReport();
  const dbPath = join(lab.dir, `${kind}.db`);
  const databaseUrl = `file:${dbPath}`;
  const walPath = `${dbPath}-wal`;
  const sinkUrl = kind === 'empty' && lab.sink ? lab.sink.urlTemplate() : null;
  const seeded = await seedDatabase(
    lab.build.root,
    lab.dir,
    databaseUrl,
    lab.env,
    sinkUrl,
    `trackpost-${kind}-seed`,
    lab.options.caps,
  );
  const suffix = kind === 'prefilled' ? ` (${fmtInt(options.prefill)} clicks in DB)` : '';
  const pool = new IdPool();
  if (kind === 'prefilled') pool.add(prefill(lab, report, dbPath, seeded));

  const profileDir = (phase: string) => {
    if (!options.profile) return null;
    const path = join(lab.dir, `profile-${kind}-${phase}`);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const start = (label: string, cpuProfDir: string | null) => startOnLab(lab, databaseUrl, 'all', label, cpuProfDir);

  // /click
  const clickPhaseStart = Date.now() - 1000;
  let click: Row | null = null;
  {
    const prof = profileDir('click');
    const server = await start(`trackpost-${kind}-click`, prof);
    let windows: [number, number][] = [];
    try {
      const path = `/click?offer_id=${seeded.offerId}&pid=${seeded.affiliateId}&sub1=bench`;
      const problem = await probeClick(server.base, path, seeded.offerId);
      if (problem) report.notes.push(problem);
      const measured = await measure(lab, report, server, {
        label: `/click${suffix}`,
        spec: () => ({ path, expectStatus: 302, connections: options.connections }),
        walPath,
      });
      windows = measured.windows;
      const { result, rssMb, walMb, serverCpu, othersCpu } = measured;
      click = {
        target: `/click${suffix}`,
        result,
        rssMb,
        walMb,
        serverCpu,
        othersCpu,
        kind: 'click',
        emptyRow: empty?.click ?? undefined,
      };
      report.rows.push(click);
    } finally {
      await stopProfiled(report, server, prof, `/click${suffix}`, windows);
    }
  }

  // /postback: the empty run converts the clicks its /click phase made, the prefilled run a
  // sample of the prefilled clicks; either is topped up with fresh clicks when short.
  if (kind === 'empty') {
    pool.add(
      readClickIds(
        dbPath,
        seeded.affiliateId,
        clickPhaseStart,
        poolNeed(options.durationS + options.warmupS, options.connections),
      ),
    );
    lab.progress(`/postback: ${fmtInt(pool.remaining)} clicks from the /click phase to convert`);
  }
  let postback: Row | null = null;
  {
    const prof = profileDir('postback');
    const server = await start(`trackpost-${kind}-postback`, prof);
    const windows: [number, number][] = [];
    try {
      const label = `/postback ${options.postbackMethod}${suffix}`;
      let toppedUp = 0;
      const measured = await measure(lab, report, server, {
        label,
        spec: () => postbackSpec(options, pool, options.connections),
        prepare: (seconds) => {
          const need = poolNeed(seconds, options.connections);
          if (pool.remaining >= need) return;
          const extra = need - pool.remaining;
          pool.add(freshClicks(dbPath, seeded.offerId, seeded.affiliateId, extra));
          toppedUp += extra;
        },
        walPath,
      });
      windows.push(...measured.windows);
      if (toppedUp > 0)
        report.notes.push(`${label}: ${fmtInt(toppedUp)} fresh clicks were added to the pool of clicks to convert`);
      const { result, rssMb, walMb, serverCpu, othersCpu } = measured;
      postback = {
        target: label,
        result,
        rssMb,
        walMb,
        serverCpu,
        othersCpu,
        kind: 'postback',
        emptyRow: empty?.postback ?? undefined,
      };
      report.rows.push(postback);
      if (kind === 'empty') {
        const rate = TARGET.postbackRps;
        const need = Math.ceil(rate * (options.warmupS + options.durationS) * 1.05) + 1000;
        if (pool.remaining < need)
          pool.add(freshClicks(dbPath, seeded.offerId, seeded.affiliateId, need - pool.remaining));
        report.rows.push(
          await measurePaced(lab, report, server, windows, {
            label: `/postback GET at ${fmtInt(rate)}/s`,
            rate,
            paths: (count) => postbackPaths(pool, count),
            expect: 'postback',
            walPath,
          }),
        );
      }
    } finally {
      await stopProfiled(report, server, prof, `/postback${suffix}`, windows);
    }
  }
  return { report, click, postback, dbPath, seeded };
}
