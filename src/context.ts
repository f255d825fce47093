/** What every part of the running server shares: built once in main.ts, or by a test. */
import type { Logger } from 'pino';
import type { Catalog } from './catalog/cache.js';
import type { Config } from './config.js';
import type { KeyLimiter } from './http/key-limiter.js';
import type { Metrics } from './ops/metrics.js';
import type { Geo } from './ops/geo.js';
import type { Store } from './store/store.js';

export interface AppContext {
  config: Config;
  store: Store;
  catalog: Catalog;
  geo: Geo;
  metrics: Metrics;
  logger: Logger;
  /** SHA-256 of the admin key. */
  adminKeyHash: string;
  /** Counts wrong API keys and answers 429 past the limits. */
  keyLimiter: KeyLimiter;
}
