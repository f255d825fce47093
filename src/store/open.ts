/** Picks the store from DATABASE_URL. */
import type { Config } from '../config.js';
import { createSqliteStore } from './sqlite/index.js';
import { sqlitePath } from './sqlite/connection.js';
import type { Store } from './store.js';

export async function openStore(config: Pick<Config, 'databaseUrl' | 'writeBatchMs'>): Promise<Store> {
  if (config.databaseUrl.startsWith('file:')) {
    return createSqliteStore(sqlitePath(config.databaseUrl), config.writeBatchMs);
  }
  throw new Error('PostgreSQL support is not built yet');
}
