/**
 * The catalog (advertisers, affiliates, offers, postback configs) held in memory for the hot
 * path: a click or postback reads no catalog row from the database.
 *
 * The store tells the cache of every catalog write in this process (Store.onCatalogChange,
 * wired in bootstrap.ts) and the write resolves only once the cache has reloaded, so the answer
 * to a write is sent after the cache holds it and the next request sees it. Other processes
 * (PostgreSQL deployments) notice through the catalog version, polled every `pollMs`.
 */
import { type AdvertiserView, type OfferView, advertiserView, offerView } from '../domain/catalog-view.js';
import type { Affiliate, AffiliatePostback, Offer, TrackingEvent } from '../domain/entities.js';
import type { Store } from '../store/store.js';

interface Snapshot {
  advertisers: Map<number, AdvertiserView>;
  affiliates: Map<number, Affiliate>;
  affiliatesByKeyHash: Map<string, Affiliate>;
  offers: Map<number, OfferView>;
  postbacksByAffiliate: Map<number, AffiliatePostback[]>;
  trackingEventsByAffiliate: Map<number, TrackingEvent[]>;
}

function groupByAffiliate<T extends { affiliate_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.affiliate_id);
    if (group) group.push(row);
    else groups.set(row.affiliate_id, [row]);
  }
  return groups;
}

export class Catalog {
  private snapshot: Snapshot = {
    advertisers: new Map(),
    affiliates: new Map(),
    affiliatesByKeyHash: new Map(),
    offers: new Map(),
    postbacksByAffiliate: new Map(),
    trackingEventsByAffiliate: new Map(),
  };
  private version = -1;
  /** Reloads started, and the newest whose snapshot is in place: an older one never replaces it. */
  private started = 0;
  private applied = 0;
  private poller: NodeJS.Timeout | null = null;

  constructor(private readonly store: Store) {}

  /** Reads the whole catalog again. */
  async reload(): Promise<void> {
    const ticket = ++this.started;
    const version = await this.store.maintenance.catalogVersion();
    const [advertisers, affiliates, offers, postbacks, events] = await Promise.all([
      this.store.advertisers.all(),
      this.store.affiliates.all(),
      this.store.offers.all(),
      this.store.affiliatePostbacks.all(),
      this.store.trackingEvents.all(),
    ]);
    // Two writes' reloads may overlap; the one started later saw at least as much.
    if (ticket < this.applied) return;
    this.applied = ticket;
    this.snapshot = {
      advertisers: new Map(advertisers.map((a) => [a.id, advertiserView(a)])),
      affiliates: new Map(affiliates.map((a) => [a.id, a])),
      affiliatesByKeyHash: new Map(affiliates.map((a) => [a.api_key_hash, a])),
      offers: new Map(offers.map((o) => [o.id, offerView(o)])),
      postbacksByAffiliate: groupByAffiliate(postbacks),
      trackingEventsByAffiliate: groupByAffiliate(events),
    };
    this.version = version;
  }

  /** Starts polling the catalog version (for changes made by other processes). */
  watch(pollMs: number): void {
    this.poller = setInterval(() => {
      this.store.maintenance
        .catalogVersion()
        .then((version) => (version !== this.version ? this.reload() : undefined))
        .catch(() => undefined); // the next poll tries again; /ready reports a dead database
    }, pollMs);
    this.poller.unref();
  }

  stop(): void {
    if (this.poller) clearInterval(this.poller);
  }

  offer(id: number): OfferView | undefined {
    return this.snapshot.offers.get(id);
  }

  /** Every offer (reports map raw clicks to their offer's advertiser and currency). */
  offers(): Offer[] {
    return [...this.snapshot.offers.values()].map((view) => view.offer);
  }

  advertiser(id: number): AdvertiserView | undefined {
    return this.snapshot.advertisers.get(id);
  }

  affiliate(id: number): Affiliate | undefined {
    return this.snapshot.affiliates.get(id);
  }

  affiliateByKeyHash(hash: string): Affiliate | undefined {
    return this.snapshot.affiliatesByKeyHash.get(hash);
  }

  affiliatePostbacks(affiliateId: number): readonly AffiliatePostback[] {
    return this.snapshot.postbacksByAffiliate.get(affiliateId) ?? [];
  }

  trackingEvents(affiliateId: number): readonly TrackingEvent[] {
    return this.snapshot.trackingEventsByAffiliate.get(affiliateId) ?? [];
  }
}
