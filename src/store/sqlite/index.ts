/** The SQLite store: one file, one connection, group commit for every write. */
import type { Advertiser, Affiliate, AffiliatePostback, Offer, TrackingEvent } from '../../domain/entities.js';
import { CatalogChanges } from '../catalog-changes.js';
import { Outbox } from '../outbox.js';
import type { Store } from '../store.js';
import { startCheckpointer } from './checkpointer.js';
import { sqliteClicks } from './clicks.js';
import { openSqlite, type SqliteSynchronous } from './connection.js';
import { sqliteConversions } from './conversions.js';
import { sqliteDocuments } from './documents.js';
import { sqliteKeyFailures } from './key-failures.js';
import { sqliteMaintenance } from './maintenance.js';
import { sqliteOutbound } from './outbound.js';
import { sqlitePeople } from './people.js';
import { sqlitePostbackLog } from './postback-log.js';
import { sqliteReports } from './reports.js';
import { sqliteSettings } from './settings.js';
import { sqliteShareLinks } from './share-links.js';
import { SqliteWriter } from './writer.js';
import { SqliteCounters } from './counters.js';
import { CapSlot, NO_CAP_COUNTERS } from '../cap-slot.js';
import { sqliteCapCounters } from './cap-counters.js';

export function createSqliteStore(
  path: string,
  writeBatchMs: number,
  synchronous: SqliteSynchronous = 'NORMAL',
  options: { counters?: boolean; writeQueueMax?: number } = {},
): Store {
  const db = openSqlite(path, synchronous);
  const writer = new SqliteWriter(db, writeBatchMs, options.writeQueueMax ?? 0);
  // false: report counters and caps are not kept (STATS_COUNTERS=off, to measure their cost).
  const keepCounters = options.counters ?? true;
  const counters = new SqliteCounters(db, keepCounters);
  const capCounters = sqliteCapCounters(db);
  // Clicks cap counters first: one made in a batch starts from the report counters before it.
  writer.attach(capCounters.joins);
  writer.attach(counters);
  const caps = new CapSlot(keepCounters);
  const checkpointer = path === ':memory:' ? null : startCheckpointer(path, writer);
  const outbox = new Outbox();
  const changes = new CatalogChanges();
  let closing: Promise<void> | null = null;
  return {
    kind: 'sqlite',
    setFanOut: (fanOut) => outbox.setRules(fanOut),
    onCatalogChange: (listener) => changes.listen(listener),
    advertisers: sqliteDocuments<Advertiser>(db, writer, 'advertisers', changes),
    affiliates: sqliteDocuments<Affiliate>(db, writer, 'affiliates', changes),
    offers: sqliteDocuments<Offer>(db, writer, 'offers', changes),
    affiliatePostbacks: sqliteDocuments<AffiliatePostback>(db, writer, 'affiliate_postbacks', changes),
    trackingEvents: sqliteDocuments<TrackingEvent>(db, writer, 'tracking_events', changes),
    clicks: sqliteClicks(db, writer, counters, keepCounters ? capCounters : null),
    conversions: sqliteConversions(db, writer, outbox, counters, caps, capCounters),
    setCapPlanner: (planner) => caps.set(planner),
    caps: keepCounters ? capCounters.reader : NO_CAP_COUNTERS,
    postbackLog: sqlitePostbackLog(db, writer),
    outbound: sqliteOutbound(db, writer, outbox),
    shareLinks: sqliteShareLinks(db, writer),
    settings: sqliteSettings(db, writer),
    keyFailures: sqliteKeyFailures(db, writer),
    people: sqlitePeople(db, writer),
    maintenance: sqliteMaintenance(db, writer),
    reports: sqliteReports(db),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    close() {
      // Closing twice (a shutdown racing a test's cleanup) is one close.
      closing ??= (async () => {
        writer.flush();
        await checkpointer?.stop();
        db.close(); // the last connection to close checkpoints what is left
      })();
      return closing;
    },
  };
}
