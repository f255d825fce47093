/**
 * The report rollups (src/store/report-rollups.ts) against the counters they roll up: after
 * clicks and conversions over several offers, affiliates, countries, currencies and goals, with
 * status changes, a report read from a rollup equals the same report read from the full
 * counters; and a database whose counters predate the rollups gets rollups that agree with them.
 */
import assert from 'node:assert/strict';
import { STATUS, type StatusCode } from '../../src/domain/status.js';
import { offsetSegments } from '../../src/domain/zone-offsets.js';
import type { ReportCell, ReportQuery } from '../../src/store/report-query.js';
import { CLICK_COUNTERS, CONVERSION_COUNTERS } from '../../src/store/report-rollups.js';
import type { Store } from '../../src/store/store.js';
import { directSql } from '../helpers/direct-sql.js';
import { makeClick, makeRecord, storeTest } from './fixtures.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 1);
const ZONE = 'Asia/Kathmandu';

/** Clicks and conversions in every combination of the keys, over two days; some change status. */
async function writeTraffic(store: Store): Promise<void> {
  const conversions: string[] = [];
  let n = 0;
  for (const offer_id of [1, 2]) {
    for (const affiliate_id of [10, 11, 12]) {
      for (const country of ['US', 'IN', null]) {
        for (let hour = 0; hour < 48; hour += 7) {
          n++;
          const at = START + hour * HOUR + n * 61_000;
          const click = makeClick({ offer_id, affiliate_id, country, created_at: at, uniq: n % 3 !== 0 });
          await store.clicks.insert(click, { advertiser_id: offer_id + 100, currency: offer_id === 1 ? 'USD' : 'EUR' });
          if (n % 2 === 0) {
            const record = makeRecord({ click, now: at + 30_000, goal: n % 4 === 0 ? '1' : 'Sale' });
            record.conversion.currency = offer_id === 1 ? 'USD' : 'EUR';
            record.conversion.revenue = 1000 * n;
            record.conversion.payout = n % 5 === 0 ? 0 : 700 * n;
            const { outcome } = await store.conversions.record(record);
            if (outcome.kind === 'created') conversions.push(record.conversion.id);
          }
        }
      }
    }
  }
  const statuses: StatusCode[] = [STATUS.declined, STATUS.pending, STATUS.hold, STATUS.approved];
  for (const [i, id] of conversions.entries()) {
    if (i % 3 === 0) await store.conversions.setStatus({ id, status: statuses[i % 4], integration: 'admin' });
  }
}

function queryOf(dims: ReportQuery['dims'], time: ReportQuery['time'], filter: ReportQuery['filter'] = {}) {
  const fromQ = START / 900_000 - 96;
  const toQ = START / 900_000 + 3 * 96;
  const segments = offsetSegments(ZONE, fromQ * 900_000, toQ * 900_000);
  return { fromQ, toQ, segments, time, dims, subs: [], filter } satisfies ReportQuery;
}

/** Cells in a stable order, with no all-zero sums (a rollup row may hold zeros a group lacks). */
function canonical(cells: ReportCell[]): string[] {
  return cells
    .map((cell) => {
      const sums = Object.entries(cell.sums)
        .filter(([, value]) => value !== 0)
        .sort(([a], [b]) => a.localeCompare(b));
      return JSON.stringify([
        cell.t,
        cell.offer_id,
        cell.affiliate_id,
        cell.advertiser_id,
        cell.goal,
        cell.currency,
        sums,
      ]);
    })
    .sort();
}

/**
 * The same query twice: as asked (a rollup can answer it) and with a country filter that keeps
 * every record (`country` not in ['ZZ']), which only the full counters can answer.
 */
async function assertRollupAgrees(store: Store, query: ReportQuery): Promise<void> {
  const full = { ...query, filter: { ...query.filter, notCountry: ['ZZ'] } };
  for (const read of ['traffic', 'actions'] as const) {
    const fromRollup = canonical(await store.reports[read](query));
    const fromCounters = canonical(await store.reports[read](full));
    assert.ok(fromCounters.length > 0, `${read} has rows`);
    assert.deepEqual(fromRollup, fromCounters, `${read} ${JSON.stringify(query.dims)} ${query.time}`);
  }
}

const SHAPES: [ReportQuery['dims'], ReportQuery['time'], ReportQuery['filter']?][] = [
  [['offer'], 'day'],
  [['offer', 'currency'], 'hour'],
  [['advertiser', 'goal'], 'none'],
  [[], 'day', { offer: [2] }],
  [['affiliate'], 'day'],
  [['offer', 'affiliate', 'goal'], 'hour', { notAffiliate: [11] }],
];

storeTest('report rollups: every report a rollup answers equals the full counters', async ({ store }) => {
  await writeTraffic(store);
  for (const [dims, time, filter] of SHAPES) await assertRollupAgrees(store, queryOf(dims, time, filter));
});

storeTest('report rollups: counters written before the rollups existed are rolled up when they are made', async (t) => {
  await writeTraffic(t.store);
  await t.store.close();
  // Back to the database as it was before migration 080: counters, no rollups.
  const postgres = !t.url.startsWith('file:');
  const tables = [CLICK_COUNTERS, CONVERSION_COUNTERS].flatMap((counters) => counters.rollups.map((r) => r.table));
  await directSql(t.url, [
    ...tables.map((table) => `DROP TABLE ${table}${postgres ? ' CASCADE' : ''}`),
    // PostgreSQL has no rollup triggers since migration 110, which runs again after 080.
    ...(postgres
      ? ["DELETE FROM schema_migrations WHERE name = '110_rollups_in_statements'"]
      : ['stat_clicks', 'stat_conversions'].flatMap((table) => [
          `DROP TRIGGER ${table}_rollup_insert`,
          `DROP TRIGGER ${table}_rollup_update`,
        ])),
    "DELETE FROM schema_migrations WHERE name = '080_report_rollups'",
  ]);
  const reopened = await t.another();
  for (const [dims, time, filter] of SHAPES) await assertRollupAgrees(reopened, queryOf(dims, time, filter));
});
