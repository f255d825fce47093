/**
 * Writing outbound jobs: used inside the conversion event's transaction (the outbox), so an
 * event never exists without its jobs nor a job without its event.
 */
import { newObjectId } from '../../domain/object-id.js';
import type { OutboundJobInput } from '../../domain/entities.js';
import type { SqliteDb } from './connection.js';

/** Prepares the insert; the returned function must run inside a write transaction. */
export function outboundJobInserter(db: SqliteDb): (job: OutboundJobInput, now: number) => string {
  const insert = db.prepare(
    `INSERT INTO outbound (id, kind, source_id, conversion_id, affiliate_id, offer_id, goal, status, payout, revenue,
       currency, notice, url, method, body, signing_secret, integration, state, attempts, http_code, error,
       next_attempt_at, lease_until, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, NULL, ?, NULL, ?, ?)`,
  );
  return (job, now) => {
    // Ids begin with the creation time, so date filters and retention are key ranges.
    const id = newObjectId(now);
    insert.run(
      id,
      job.kind,
      job.source_id,
      job.conversion_id,
      job.affiliate_id,
      job.offer_id,
      job.goal,
      job.status,
      job.payout,
      job.revenue,
      job.currency,
      job.notice,
      job.url,
      job.method,
      job.body,
      job.signing_secret,
      job.integration,
      now,
      now,
      now,
    );
    return id;
  };
}
