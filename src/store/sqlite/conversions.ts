// PLACEHOLDER: replaced by the real implementation.
import type { ConversionRepo } from '../store.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';
export function sqliteConversions(_db: SqliteDb, _writer: SqliteWriter): ConversionRepo {
  const missing = async (): Promise<never> => { throw new Error('not implemented'); };
  return { record: missing, setStatus: missing, get: missing, list: missing, dueHolds: missing };
}
