/**
 * Test helper: writes outbound jobs straight into a test app's SQLite file through a second
 * connection (as another process would), so delivery can be tested without conversions.
 */
import { join } from 'node:path';
import { openSqlite } from '../../src/store/sqlite/connection.js';
import { outboundJobInserter } from '../../src/store/sqlite/outbound-insert.js';
import type { OutboundJobInput } from '../../src/domain/entities.js';
import type { TestApp } from '../helpers/harness.js';

/** A job for `url` with plausible defaults; `overrides` replace any field. */
export function jobInput(url: string, overrides: Partial<OutboundJobInput> = {}): OutboundJobInput {
  return {
    kind: 'postback',
    source_id: 1,
    conversion_id: 'c0nversion0000000000000',
    affiliate_id: 1,
    offer_id: 1,
    goal: '1',
    status: 1,
    payout: 25_000,
    revenue: 40_000,
    currency: 'USD',
    notice: null,
    url,
    method: 'GET',
    body: null,
    signing_secret: null,
    integration: 's2s',
    ...overrides,
  };
}

/** Inserts the jobs, committed, created at `at` (default now), and returns their ids. */
export function insertJobs(t: TestApp, jobs: OutboundJobInput[], at = Date.now()): string[] {
  const db = openSqlite(join(t.dir, 'test.db'));
  try {
    const insert = outboundJobInserter(db);
    return db.transaction(() => jobs.map((job) => insert(job, at))).immediate();
  } finally {
    db.close();
  }
}

/** Polls until `check` returns a value (not undefined); fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
