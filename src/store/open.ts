/** Picks the store from DATABASE_URL: `file:` is SQLite, `postgres://` (or `postgresql://`) PostgreSQL. */
import type { Config } from '../config.js';
import { createPostgresStore } from './postgres/index.js';
import { createSqliteStore } from './sqlite/index.js';
import { sqlitePath } from './sqlite/connection.js';
import type { Store } from './store.js';

export async function openStore(
  config: Pick<Config, 'databaseUrl' | 'writeBatchMs'> &
    Partial<Pick<Config, 'sqliteSynchronous' | 'statsCounters' | 'writeQueueMax'>>,
): Promise<Store> {
  const counters = config.statsCounters ?? true;
  if (config.databaseUrl.startsWith('file:')) {
    return createSqliteStore(sqlitePath(config.databaseUrl), config.writeBatchMs, config.sqliteSynchronous, {
      counters,
      writeQueueMax: config.writeQueueMax,
    });
  }
  if (/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    return createPostgresStore(config.databaseUrl, { writeBatchMs: config.writeBatchMs, counters });
  }
  throw new Error(`Unsupported DATABASE_URL: ${config.databaseUrl}`);
}
