/**
 * PostgreSQL text cannot hold the NUL character: a query whose parameter carries one fails
 * with "invalid byte sequence". Free text is escaped on its way in (text.ts), but any other
 * value a caller passes (an id, a token, a filter) may carry one too. So every connection of
 * the store runs through this client, which escapes NUL in every string parameter the way
 * text.ts does: a value that holds NUL can then match only a value stored with the same NUL,
 * exactly as SQLite compares them, and never fails the query.
 *
 * A string that holds no NUL (every already escaped value, and virtually all input) passes
 * through untouched, so nothing is ever escaped twice.
 */
import pg from 'pg';
import { encodeText } from './text.js';

function guardValue(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? encodeText(value) : value;
  if (Array.isArray(value)) return value.some(needsGuard) ? value.map(guardValue) : value;
  return value;
}

function needsGuard(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  return Array.isArray(value) && value.some(needsGuard);
}

function guardValues(values: unknown): unknown {
  return Array.isArray(values) && values.some(needsGuard) ? values.map(guardValue) : values;
}

/** pg's Client with every query's parameters guarded; given to the pool as its Client class. */
export class NulSafeClient extends pg.Client {
  // pg's query has many overloads; they all take (text or config, values?, callback?).
  override query(...args: unknown[]): never {
    const [first, second] = args;
    if (first && typeof first === 'object' && 'values' in first) {
      const config = first as { values?: unknown };
      const guarded = guardValues(config.values);
      if (guarded !== config.values) args[0] = { ...config, values: guarded };
    } else if (Array.isArray(second)) {
      args[1] = guardValues(second);
    }
    return (super.query as (...all: unknown[]) => never)(...args);
  }
}
