/**
 * Creating conversions of offers with conversion or budget caps, with group commit: the
 * postbacks of one short window share one transaction, so the cap counters' row locks are held
 * for one commit per batch, not one per postback.
 *
 * The transaction makes the counters the batch joins, locks them all (one statement, in the
 * order every take uses), and decides in memory, in batch order, which conversions take a unit
 * and which are created declined by the cap (CapTally, the rule of takeCapUnits). The
 * conversions, their log rows, jobs and report counters are then one statement (createMany),
 * and each counter is moved once by what the inserted conversions took. A conversion that was
 * not inserted (its identity is taken) takes nothing; the caller answers it through the locking
 * path in conversions.ts after the commit.
 */
import type { CapPlan, CapTouch } from '../../domain/cap-plan.js';
import { declinedByCap } from '../../domain/cap-plan.js';
import type { Conversion } from '../../domain/entities.js';
import type { ConversionEvent, QueuedJob } from '../../domain/commands.js';
import { CapTally, takenTotals } from '../cap-tally.js';
import { lockCounters, moveCapCounter } from './cap-counters.js';
import { type PgClient, type PgPool, transaction } from './connection.js';
import { createMany, type PendingCreate, partitionedIds } from './conversion-create.js';
import type { Partitions } from './partitions.js';
import type { CounterShards } from './shards.js';
import { PgBatcher } from './writer.js';

/** A postback of a capped offer to create, with its creation's jobs and its caps. */
export interface PendingCappedCreate extends PendingCreate {
  plan: CapPlan;
}

/** Inserted: the conversion as stored (declined when a cap was reached) and the jobs written. */
export type CappedCreated = { inserted: true; conversion: Conversion; jobs: QueuedJob[] } | { inserted: false };

/** The jobs a conversion's creation causes (one declined by a cap fans out as declined). */
export type CreationJobs = (conversion: Conversion, integration: ConversionEvent['integration']) => QueuedJob[];

/** One conversion as decided: what to insert, and the units it takes if it is inserted. */
interface Decided {
  pending: PendingCappedCreate;
  create: PendingCreate;
  took: CapTouch[];
}

/** Whether a conversion in its posted status takes cap units. */
const counts = ({ command, plan }: PendingCappedCreate) => plan.counts(command.conversion.status, null);

function decide(batch: PendingCappedCreate[], tally: CapTally, creationJobs: CreationJobs): Decided[] {
  return batch.map((pending) => {
    const { command, plan } = pending;
    if (!counts(pending)) return { pending, create: pending, took: [] };
    if (tally.take(plan.touches)) return { pending, create: pending, took: plan.touches };
    const conversion = declinedByCap(command.conversion);
    const jobs = creationJobs(conversion, command.log.integration);
    return { pending, create: { command: { ...command, conversion }, jobs }, took: [] };
  });
}

const declined = (decided: Decided) => decided.create.command.conversion.decline_reason === 'cap_reached';

/**
 * Decides and inserts the batch inside `client`'s transaction, whose counters are locked with
 * `values`. A conversion that took units but was not inserted would have held them from the
 * ones after it: when that made one of them declined, the insert is undone and the batch
 * decided again without it, as taking them one after another would. `ids` gets the ids to be
 * written into day partitions, before the write (for a missing partition).
 */
async function insertDecided(
  client: PgClient,
  batch: PendingCappedCreate[],
  values: Map<string, number>,
  creationJobs: CreationJobs,
  ids: string[],
  shard: number,
): Promise<Map<PendingCappedCreate, Decided>> {
  let left = batch;
  for (;;) {
    const decisions = decide(left, new CapTally(values), creationJobs);
    ids.length = 0;
    ids.push(...partitionedIds(decisions.map((decided) => decided.create)));
    // Only a batch that both took and declined can need deciding again (rare: a cap crossed).
    const mayRedo = decisions.some((decided) => decided.took.length > 0) && decisions.some(declined);
    if (mayRedo) await client.query('SAVEPOINT capped_create');
    const inserted = await createMany(
      client,
      decisions.map((decided) => decided.create),
      true,
      shard,
    );
    const heldInVain = decisions.filter((decided, index) => !inserted[index] && decided.took.length > 0);
    if (mayRedo && heldInVain.length > 0) {
      await client.query('ROLLBACK TO SAVEPOINT capped_create');
      left = left.filter((pending) => !heldInVain.some((decided) => decided.pending === pending));
      continue;
    }
    return new Map(decisions.filter((_, index) => inserted[index]).map((decided) => [decided.pending, decided]));
  }
}

async function createCapped(
  pool: PgPool,
  batch: PendingCappedCreate[],
  creationJobs: CreationJobs,
  ids: string[],
  shard: number,
): Promise<CappedCreated[]> {
  return transaction(pool, async (client) => {
    const values = await lockCounters(
      client,
      batch.filter(counts).flatMap(({ plan }) => plan.touches),
    );
    const inserted = await insertDecided(client, batch, values, creationJobs, ids, shard);
    // Units taken by conversions that were not inserted are never written: only what the
    // stored ones took moves the counters.
    for (const { touch, amount } of takenTotals([...inserted.values()].map((decided) => decided.took))) {
      await moveCapCounter(client, touch, amount);
    }
    return batch.map((pending): CappedCreated => {
      const decided = inserted.get(pending);
      if (!decided) return { inserted: false };
      return { inserted: true, conversion: decided.create.command.conversion, jobs: decided.create.jobs };
    });
  });
}

/** Group-committed creation for capped offers (report counters are always kept with caps). */
export function cappedCreator(
  pool: PgPool,
  partitions: Partitions,
  windowMs: number,
  creationJobs: CreationJobs,
  shards: CounterShards,
): PgBatcher<PendingCappedCreate, CappedCreated> {
  const write = (batch: PendingCappedCreate[], slot: number) => {
    const ids: string[] = [];
    return partitions.writing(
      () => ids,
      () => createCapped(pool, batch, creationJobs, ids, shards.ofSlot(slot)),
    );
  };
  return new PgBatcher<PendingCappedCreate, CappedCreated>(
    { many: write, one: async (pending, slot) => (await write([pending], slot))[0] },
    windowMs,
    // One batch at a time per process: batches of a busy offer lock the same cap counter rows
    // and would only take turns, so one larger batch per lock beats several small ones.
    1,
  );
}
