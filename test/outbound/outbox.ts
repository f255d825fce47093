/**
 * Test helper: writes outbound jobs through a second store on a test app's database (as
 * another process would), recording one conversion whose fan-out gives exactly those jobs, so
 * delivery can be tested without a catalog, on SQLite and PostgreSQL alike.
 */
import type { OutboundJobInput } from '../../src/domain/entities.js';
import { openStore } from '../../src/store/open.js';
import type { TestApp } from '../helpers/harness.js';
import { makeRecord } from '../store/fixtures.js';

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
export async function insertJobs(t: TestApp, jobs: OutboundJobInput[], at = Date.now()): Promise<string[]> {
  const store = await openStore({ databaseUrl: t.ctx.config.databaseUrl, writeBatchMs: 1 });
  try {
    store.setFanOut(() => jobs);
    const { queued } = await store.conversions.record(makeRecord({ now: at }));
    return queued.map((one) => one.id);
  } finally {
    await store.close();
  }
}
