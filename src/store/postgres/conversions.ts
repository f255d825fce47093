/**
 * Conversions on PostgreSQL. The unique indexes decide which of two racing postbacks (in any
 * process, on any machine) creates a conversion: INSERT … ON CONFLICT DO NOTHING, never a read
 * beforehand.
 *
 * A new identity (by far the common case) is written with group commit: one statement for
 * every postback of a short window (conversion-create.ts); an offer with conversion or budget
 * caps batches its postbacks too, in one transaction that also takes their cap units
 * (conversion-create-capped.ts). When the identity is taken, a transaction locks the existing
 * row (FOR UPDATE), decides as the SQLite store does, and writes the change, its log row and
 * its jobs. Each event's jobs come from the store's outbox
 * rules, computed once; after the commit the outbox learns what was queued.
 */
import { outcomeResponse, planRepeat, planStatusChange } from '../../domain/existing-conversion.js';
import type { Conversion } from '../../domain/entities.js';
import type { Outbox } from '../outbox.js';
import type { ConversionRepo } from '../store.js';
import type {
  ConversionEvent,
  QueuedJob,
  RecordConversion,
  Recorded,
  RecordOutcome,
  SetConversionStatus,
  StatusSet,
} from '../../domain/commands.js';
import { transaction, type PgClient, type PgPool } from './connection.js';
import { conversionCreator } from './conversion-create.js';
import { cappedCreator } from './conversion-create-capped.js';
import {
  CONVERSION_INSERT,
  conversionParams,
  listConversions,
  toConversion,
  type ConversionRow,
} from './conversion-rows.js';
import { insertPostbackLog } from './postback-log.js';
import { identifyJobs, insertOutboundJobs } from './outbound-insert.js';
import type { Partitions } from './partitions.js';
import { encodeText } from './text.js';
import { type CapPlan, type CapTouch, capShift, declinedByCap, leavesCapDecline } from '../../domain/cap-plan.js';
import type { CapSlot } from '../cap-slot.js';
import { conversionColumns } from '../counter-deltas.js';
import { moveCapCounters, takeCapUnits } from './cap-counters.js';
import { addConversionDeltas } from './conversion-stats.js';
import type { CounterShards } from './shards.js';

const BY_IDENTITY = 'SELECT * FROM conversions WHERE offer_id = $1 AND goal_key = $2 AND action_key = $3 FOR UPDATE';
const BY_ONCE_PER_CLICK = 'SELECT * FROM conversions WHERE once_clickid = $1 AND goal_key = $2 FOR UPDATE';
const BY_ID_LOCKED = 'SELECT * FROM conversions WHERE id = $1 FOR UPDATE';
const UPDATE =
  'UPDATE conversions SET status = $1, comment = $2, hold_until = $3, updated_at = $4, decline_reason = $6 WHERE id = $5';

/** The conversion repository, and `drain` for its create batchers (at close). */
export function pgConversions(
  pool: PgPool,
  partitions: Partitions,
  windowMs: number,
  outbox: Outbox,
  counted: boolean,
  caps: CapSlot,
  shards: CounterShards,
): { repo: ConversionRepo; drain(): Promise<void> } {
  /** A creation's jobs: its event is known before the insert (it has no previous status). */
  const creationJobs = (conversion: Conversion, integration: ConversionEvent['integration']) =>
    identifyJobs(outbox.jobsFor({ conversion, previous_status: null, integration }), conversion.created_at);
  const creates = conversionCreator(pool, partitions, windowMs, counted, shards);
  const cappedCreates = cappedCreator(pool, partitions, windowMs, creationJobs, shards);

  /**
   * Writes a change and, when the status moved, the jobs of that event, inside `client`'s
   * transaction. The jobs' ids go to `ids` before they are written, for a missing partition.
   */
  async function applyChange(
    client: PgClient,
    current: Conversion,
    changed: Conversion,
    integration: ConversionEvent['integration'],
    ids: string[],
  ): Promise<QueuedJob[]> {
    const next = leavesCapDecline(current, changed);
    await client.query(UPDATE, [
      next.status,
      encodeText(next.comment),
      next.hold_until,
      next.updated_at,
      next.id,
      next.decline_reason ?? null,
    ]);
    if (next.status === current.status) return [];
    if (counted) {
      // One row: the conversion leaves one status group and enters another (their columns differ).
      await addConversionDeltas(
        client,
        current,
        {
          ...conversionColumns(current, current.status, current.decline_reason === 'cap_reached', -1),
          ...conversionColumns(next, next.status, next.decline_reason === 'cap_reached', 1),
        },
        shards.ofTransaction(),
      );
    }
    const plan = caps.plan(current);
    if (plan) {
      const shift = capShift(plan, [current.status, current.decline_reason ?? null], [next.status, null]);
      if (shift !== 0) await moveCapCounters(client, plan.touches, (touch) => shift * touch.amount);
    }
    const jobs = identifyJobs(
      outbox.jobsFor({ conversion: next, previous_status: current.status, integration }),
      next.updated_at,
    );
    ids.push(...jobs.map((job) => job.id));
    await insertOutboundJobs(client, jobs, next.updated_at);
    return jobs;
  }

  /**
   * The identity is (probably) taken: lock the row holding it, then decide as SQLite does.
   * `createdJobs` are the creation's jobs the fast path computed, written here only if this
   * insert wins after all.
   */
  function recordExisting(
    command: RecordConversion,
    createdJobs: QueuedJob[],
    ids: string[],
    plan: CapPlan | null,
  ): Promise<Recorded> {
    return transaction(pool, async (client) => {
      let c = command.conversion;
      let jobs = createdJobs;
      const identity = command.identity;
      let outcome: RecordOutcome;
      let queued: QueuedJob[] = [];
      let taken: CapTouch[] = [];
      if (plan?.counts(c.status, null)) {
        const took = await takeCapUnits(client, plan.touches);
        if (took === null) {
          // Reached: the conversion is created declined, and fans out as a declined one.
          c = declinedByCap(c);
          jobs = creationJobs(c, command.log.integration);
          ids.push(...jobs.map((job) => job.id));
        } else {
          taken = took;
        }
      }
      const inserted = await client.query({
        name: 'conversions_insert',
        text: CONVERSION_INSERT,
        values: conversionParams(c, identity),
      });
      if ((inserted.rowCount ?? 0) > 0) {
        // The row that blocked the fast path is gone or was never committed: this one is new.
        if (counted) {
          await addConversionDeltas(
            client,
            c,
            conversionColumns(c, c.status, c.decline_reason === 'cap_reached', 1),
            shards.ofTransaction(),
          );
        }
        await insertOutboundJobs(client, jobs, c.created_at);
        queued = jobs;
        outcome = { kind: 'created', conversion: c };
      } else {
        await moveCapCounters(client, taken, (touch) => -touch.amount);
        let row: ConversionRow | undefined;
        if (identity.action_key !== null) {
          row = (
            await client.query<ConversionRow>(BY_IDENTITY, [
              identity.offer_id,
              encodeText(identity.goal_key),
              encodeText(identity.action_key),
            ])
          ).rows[0];
        }
        if (!row && identity.once_per_click) {
          row = (await client.query<ConversionRow>(BY_ONCE_PER_CLICK, [c.clickid, encodeText(identity.goal_key)]))
            .rows[0];
        }
        if (!row) throw new Error(`conversion ${c.id} conflicted with no row of its identity`);
        const current = toConversion(row);
        const plan = planRepeat(current, command);
        if (plan.kind === 'updated') {
          queued = await applyChange(client, current, plan.next, command.log.integration, ids);
          outcome = { kind: 'updated', conversion: plan.next };
        } else {
          outcome = plan;
        }
      }
      await insertPostbackLog(client, { ...command.log, response: outcomeResponse(outcome) });
      return { outcome, queued };
    });
  }

  async function record(command: RecordConversion): Promise<Recorded> {
    const c = command.conversion;
    // The batch statement needs the creation's jobs: they are computed once here and reused by
    // the locking path.
    const createdJobs = creationJobs(c, command.log.integration);
    // An offer with conversion or budget caps takes its units in its batch's transaction, and
    // may come back declined by a cap.
    const plan = caps.plan(c);
    if (plan) {
      const created = await cappedCreates.add({ command, jobs: createdJobs, plan });
      if (created.inserted) {
        return { outcome: { kind: 'created', conversion: created.conversion }, queued: created.jobs };
      }
    } else if (await creates.add({ command, jobs: createdJobs })) {
      return { outcome: { kind: 'created', conversion: c }, queued: createdJobs };
    }
    const updateIds: string[] = [];
    return partitions.writing(
      () => [command.log.id, ...createdJobs.map((job) => job.id), ...updateIds],
      () => {
        updateIds.length = 0;
        return recordExisting(command, createdJobs, updateIds, plan);
      },
    );
  }

  function setStatus(command: SetConversionStatus): Promise<StatusSet> {
    const ids: string[] = [];
    return partitions.writing(
      () => ids,
      () =>
        transaction(pool, async (client): Promise<StatusSet> => {
          ids.length = 0;
          const row = (await client.query<ConversionRow>(BY_ID_LOCKED, [command.id])).rows[0];
          if (!row) return { conversion: null, queued: [] };
          const current = toConversion(row);
          const plan = planStatusChange(current, command, Date.now());
          if (plan.kind === 'refused') return { conversion: null, queued: [] };
          if (plan.kind === 'unchanged') return { conversion: plan.current, queued: [] };
          const queued = await applyChange(client, current, plan.next, command.integration, ids);
          return { conversion: plan.next, queued };
        }),
    );
  }

  /** Tells the outbox what the committed write queued, and passes the result on. */
  async function afterCommit<T extends { queued: QueuedJob[] }>(write: Promise<T>): Promise<T> {
    const result = await write;
    outbox.committed(result.queued.length);
    return result;
  }

  const repo: ConversionRepo = {
    record: (command) => afterCommit(record(command)),
    setStatus: (command) => afterCommit(setStatus(command)),
    async get(id) {
      const { rows } = await pool.query<ConversionRow>({
        name: 'conversions_get',
        text: 'SELECT * FROM conversions WHERE id = $1',
        values: [id],
      });
      return rows[0] ? toConversion(rows[0]) : null;
    },
    list: (filter, page) => listConversions(pool, filter, page),
    async dueHolds(now, limit) {
      const { rows } = await pool.query<ConversionRow>(
        'SELECT * FROM conversions WHERE status = 5 AND hold_until <= $1 ORDER BY hold_until LIMIT $2',
        [now, limit],
      );
      return rows.map(toConversion);
    },
  };
  return {
    repo,
    async drain() {
      await Promise.all([creates.drain(), cappedCreates.drain()]);
    },
  };
}
