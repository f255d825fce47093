/** The SQLite store: one file, one connection, group commit for every write. */
import type { Advertiser, Affiliate, AffiliatePostback, Offer, TrackingEvent } from '../entities.js';
import { signalQueuedJobs } from '../outbox-signal.js';
import type { Store } from '../store.js';
import { startCheckpointer } from './checkpointer.js';
import { sqliteClicks } from './clicks.js';
import { openSqlite, type SqliteSynchronous } from './connection.js';
import { sqliteConversions } from './conversions.js';
import { sqliteDocuments } from './documents.js';
import { sqliteMaintenance } from './maintenance.js';
import { sqliteOutbound } from './outbound.js';
import { sqlitePostbackLog } from './postback-log.js';
import { sqliteSettings } from './settings.js';
import { sqliteShareLinks } from './share-links.js';
import { SqliteWriter } from './writer.js';

export function createSqliteStore(
  path: string,
  writeBatchMs: number,
  synchronous: SqliteSynchronous = 'NORMAL',
): Store {
  const db = openSqlite(path, synchronous);
  const writer = new SqliteWriter(db, writeBatchMs);
  const checkpointer = path === ':memory:' ? null : startCheckpointer(path, writer);
  const { conversions, outbound } = signalQueuedJobs(sqliteConversions(db, writer), sqliteOutbound(db, writer));
  let closing: Promise<void> | null = null;
  return {
    kind: 'sqlite',
    advertisers: sqliteDocuments<Advertiser>(db, writer, 'advertisers'),
    affiliates: sqliteDocuments<Affiliate>(db, writer, 'affiliates'),
    offers: sqliteDocuments<Offer>(db, writer, 'offers'),
    affiliatePostbacks: sqliteDocuments<AffiliatePostback>(db, writer, 'affiliate_postbacks'),
    trackingEvents: sqliteDocuments<TrackingEvent>(db, writer, 'tracking_events'),
    clicks: sqliteClicks(db, writer),
    conversions,
    postbackLog: sqlitePostbackLog(db, writer),
    outbound,
    shareLinks: sqliteShareLinks(db, writer),
    settings: sqliteSettings(db, writer),
    maintenance: sqliteMaintenance(db, writer),
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
