/**
 * The PostgreSQL store: for running Trackpost as many processes on many machines against one
 * database. Uniqueness, the outbox and mutual exclusion all live in the database, so processes
 * need not know about each other.
 */
import pg from 'pg';
import type { Advertiser, Affiliate, AffiliatePostback, Offer, TrackingEvent } from '../../domain/entities.js';
import { CatalogChanges } from '../catalog-changes.js';
import { Outbox } from '../outbox.js';
import type { Store } from '../store.js';
import { pgClicks } from './clicks.js';
import { checkSchemaName, connectionOptions, openPool, parsePgUrl, type PgOptions } from './connection.js';
import { pgConversions } from './conversions.js';
import { pgDocuments } from './documents.js';
import { pgKeyFailures } from './key-failures.js';
import { pgMaintenance } from './maintenance.js';
import { migrate } from './migrate.js';
import { pgOutbound } from './outbound.js';
import { pgOutboxNotifications } from './outbox-notify.js';
import { DAY_MS, Partitions } from './partitions.js';
import { pgPeople } from './people.js';
import { pgPostbackLog } from './postback-log.js';
import { pgReports } from './reports.js';
import { CapSlot, NO_CAP_COUNTERS } from '../cap-slot.js';
import { pgClickCaps } from './click-caps.js';
import { type CounterShards, claimCounterShards } from './shards.js';
import { pgSettings } from './settings.js';
import { pgShareLinks } from './share-links.js';

/**
 * Opens the store at `url` (`postgres://…`, optionally `?schema=name`): migrates under an
 * advisory lock, makes sure the coming days' partitions exist, and returns once it is usable.
 */
export async function createPostgresStore(url: string, options: PgOptions = {}): Promise<Store> {
  const { connectionString, schema: urlSchema, poolMax, serverOptions } = parsePgUrl(url);
  const schema = checkSchemaName(options.schema ?? urlSchema ?? 'public');
  const windowMs = options.writeBatchMs ?? 2;
  const daysAhead = options.partitionDaysAhead ?? 7;
  const connection = connectionOptions(schema, serverOptions);
  const pool = openPool(connectionString, connection, options.poolSize ?? poolMax ?? 10);
  try {
    await migrate(pool, schema);
    const partitions = new Partitions(pool, schema);
    const now = Date.now();
    await partitions.ensure(now - DAY_MS, now + daysAhead * DAY_MS);
    const counters = options.counters ?? true;
    const shards = await claimCounterShards(pool);
    return assemble(pool, partitions, { connectionString, connection, schema, windowMs, daysAhead, counters, shards });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

interface Settings {
  connectionString: string;
  /** Startup options of every connection (search_path first). */
  connection: string;
  schema: string;
  windowMs: number;
  daysAhead: number;
  counters: boolean;
  /** This process's counter shards. */
  shards: CounterShards;
}

function assemble(pool: pg.Pool, partitions: Partitions, settings: Settings): Store {
  const clickCaps = pgClickCaps(pool);
  const clicks = pgClicks(pool, partitions, settings.windowMs, settings.counters, clickCaps, settings.shards);
  const postbackLog = pgPostbackLog(pool, partitions, settings.windowMs);
  const connect = async () => {
    const client = new pg.Client({ connectionString: settings.connectionString, options: settings.connection });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const notifications = pgOutboxNotifications(pool, connect, settings.schema);
  const outbox = new Outbox(notifications);
  const caps = new CapSlot(settings.counters);
  const conversions = pgConversions(
    pool,
    partitions,
    settings.windowMs,
    outbox,
    settings.counters,
    caps,
    settings.shards,
  );
  const changes = new CatalogChanges();
  let closed: Promise<void> | null = null;
  return {
    kind: 'postgres',
    setFanOut: (fanOut) => outbox.setRules(fanOut),
    setCapPlanner: (planner) => caps.set(planner),
    caps: settings.counters ? clickCaps.reader : NO_CAP_COUNTERS,
    onCatalogChange: (listener) => changes.listen(listener),
    advertisers: pgDocuments<Advertiser>(pool, 'advertisers', changes),
    affiliates: pgDocuments<Affiliate>(pool, 'affiliates', changes),
    offers: pgDocuments<Offer>(pool, 'offers', changes),
    affiliatePostbacks: pgDocuments<AffiliatePostback>(pool, 'affiliate_postbacks', changes),
    trackingEvents: pgDocuments<TrackingEvent>(pool, 'tracking_events', changes),
    clicks: clicks.repo,
    conversions: conversions.repo,
    postbackLog: postbackLog.repo,
    outbound: pgOutbound(pool, outbox),
    shareLinks: pgShareLinks(pool),
    settings: pgSettings(pool),
    keyFailures: pgKeyFailures(pool),
    people: pgPeople(pool),
    maintenance: pgMaintenance({ pool, partitions, schema: settings.schema, daysAhead: settings.daysAhead, connect }),
    reports: pgReports(pool),
    async ping() {
      await pool.query('SELECT 1');
    },
    close() {
      // Queued clicks, log rows and conversions are committed before the pool goes.
      closed ??= Promise.all([clicks.drain(), postbackLog.batcher.drain(), conversions.drain(), clickCaps.drain()])
        .then(() => notifications.close())
        .then(() => pool.end());
      return closed;
    },
  };
}
