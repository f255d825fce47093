// PLACEHOLDER: replaced by the real implementation.
import type { OutboundRepo } from '../store.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';
export function sqliteOutbound(_db: SqliteDb, _writer: SqliteWriter): OutboundRepo {
  const missing = async (): Promise<never> => { throw new Error('not implemented'); };
  return { claim: missing, complete: missing, release: missing, get: missing, list: missing, attempts: missing, resend: missing };
}
