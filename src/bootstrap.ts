/**
 * Builds the AppContext from a Config: opens the store, makes sure an admin key exists, loads
 * the catalog and the geo database, and wires the store's two seams once: its fan-out rules
 * (which outbound jobs a conversion event causes, read from the catalog) and the catalog's
 * reload after every catalog write. Shared by main.ts, the demo, tests and the benchmark.
 */
import { catalogCapPlanner } from './catalog/cap-planner.js';
import pino, { type Logger } from 'pino';
import { Catalog } from './catalog/cache.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { newApiKey, sha256 } from './http/hash.js';
import { KeyLimiter } from './http/key-limiter.js';
import { openGeo } from './ops/geo.js';
import { createMetrics } from './ops/metrics.js';
import { createFanOut } from './outbound/fan-out.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';

const ADMIN_KEY_SETTING = 'admin_key_sha256';

/** The admin key's hash, and the key itself when it was made just now (to print it once). */
export async function ensureAdminKey(
  store: Store,
  configured: string | null,
): Promise<{ hash: string; created: string | null }> {
  if (configured) return { hash: sha256(configured), created: null };
  const candidate = newApiKey();
  const stored = await store.settings.setIfAbsent(ADMIN_KEY_SETTING, sha256(candidate));
  return { hash: stored, created: stored === sha256(candidate) ? candidate : null };
}

/** Replaces the stored admin key with a new one and returns it. */
export async function rotateAdminKey(store: Store): Promise<string> {
  const key = newApiKey();
  await store.settings.set(ADMIN_KEY_SETTING, sha256(key));
  return key;
}

export interface Booted {
  ctx: AppContext;
  /** The admin key, when it was generated at this start. */
  createdAdminKey: string | null;
}

export async function bootContext(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<Booted> {
  const store = await openStore(config);
  const admin = await ensureAdminKey(store, config.adminApiKey);
  const catalog = new Catalog(store);
  await catalog.reload();
  store.onCatalogChange(() => catalog.reload());
  store.setFanOut(createFanOut(catalog));
  store.setCapPlanner(catalogCapPlanner(catalog));
  const ctx: AppContext = {
    config,
    store,
    catalog,
    logger,
    adminKeyHash: admin.hash,
    keyLimiter: new KeyLimiter(store.keyFailures, {
      perAddress: config.keyFailureLimit,
      global: config.keyFailureGlobalLimit,
      windowMs: config.keyFailureWindowMs,
    }),
    geo: await openGeo(),
    metrics: createMetrics(),
  };
  return { ctx, createdAdminKey: admin.created };
}
