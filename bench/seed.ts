/**
 * Seeding the benchmark database through the store itself, before the server starts: one
 * advertiser, an affiliate for the click and postback loads, an affiliate whose postbacks go to
 * the local sink (the outbound section), and one public offer paying on goal 1.
 */
import { sha256 } from '../src/http/hash.js';
import { createPostgresStore } from '../src/store/postgres/index.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';
import type { Offer } from '../src/store/entities.js';
import type { Store } from '../src/store/store.js';
import { MINOR_PER_UNIT } from '../src/domain/money.js';

export interface Seeded {
  advertiserId: number;
  offerId: number;
  /** The affiliate of the /click and /postback loads (no postback URLs). */
  affiliateId: number;
  /** The affiliate with a global postback URL pointing at the sink; null without a sink. */
  sinkAffiliateId: number | null;
}

/**
 * Seeds the SQLite file at `path` (created and migrated when new). `sinkUrl`, when given, is the
 * affiliate postback URL template of the sink affiliate (it should carry `{clickid}`).
 */
export async function seedDatabase(path: string, sinkUrl: string | null): Promise<Seeded> {
  const store = createSqliteStore(path, 0);
  try {
    return await seedStore(store, sinkUrl);
  } finally {
    await store.close();
  }
}

/** Seeds a PostgreSQL database (`postgres://…?schema=…`; the schema is created by migration). */
export async function seedPostgres(url: string, sinkUrl: string | null): Promise<Seeded> {
  const store = await createPostgresStore(url, { writeBatchMs: 0 });
  try {
    return await seedStore(store, sinkUrl);
  } finally {
    await store.close();
  }
}

export async function seedStore(store: Store, sinkUrl: string | null): Promise<Seeded> {
  {
    const advertiser = await store.advertisers.create({
      name: 'Bench advertiser',
      status: 'active',
      secure_token: null,
      allowed_ips: [],
    });
    const affiliate = await store.affiliates.create({
      name: 'Bench affiliate',
      status: 'active',
      signing_secret: null,
      api_key_hash: sha256('bench-affiliate-key-1'),
    });
    const offerInput: Omit<Offer, 'id' | 'created_at' | 'updated_at'> = {
      title: 'Bench offer',
      advertiser_id: advertiser.id,
      status: 'active',
      tracking_url: 'https://example.com/landing?click={clickid}&s1={sub1}',
      trafficback_url: null,
      currency: 'USD',
      privacy: 'public',
      allowed_affiliates: [],
      click_lifespan_days: 30,
      hold_days: 0,
      secure_token: null,
      allowed_ips: [],
      cross_postback_url: null,
      cross_postback_method: 'GET',
      signing_secret: null,
      payouts: [
        {
          goal: '1',
          title: '1',
          revenue: 10 * MINOR_PER_UNIT,
          payout: 7 * MINOR_PER_UNIT,
          payout_type: 'fixed',
          countries: [],
          affiliates: [],
          private: false,
          multiple: 'txn',
          default_status: 1,
        },
      ],
    };
    const offer = await store.offers.create(offerInput);
    let sinkAffiliateId: number | null = null;
    if (sinkUrl) {
      const sinkAffiliate = await store.affiliates.create({
        name: 'Bench sink affiliate',
        status: 'active',
        signing_secret: null,
        api_key_hash: sha256('bench-affiliate-key-2'),
      });
      await store.affiliatePostbacks.create({
        affiliate_id: sinkAffiliate.id,
        offer_id: null,
        url: sinkUrl,
        method: 'GET',
        goals: [],
        statuses: [],
      });
      sinkAffiliateId = sinkAffiliate.id;
    }
    return { advertiserId: advertiser.id, offerId: offer.id, affiliateId: affiliate.id, sinkAffiliateId };
  }
}
