/**
 * Creating conversions of offers with conversion or budget caps, with group commit: the
 * postbacks of one short window share one transaction, so the cap counters' row locks are held
 * for one commit per batch, not one per postback.
 *
 * Most batches fit under their caps whole, and take the short way: one transaction inserts the
 * conversions as posted (their log rows, jobs and report counters in one statement, createMany),
 * then locks the counters of those inserted and moves each by their units in one statement
 * (takeTotals), which moves nothing unless every take finds its counter below the limit. So the
 * lock, which batches of a busy offer in every process queue on, is held for one statement and
 * the commit, not for the insert.
 *
 * When a cap declines any of them, that transaction is rolled back and the batch decided in a
 * new one under the lock: its counters are made and locked (one statement, in the order every
 * take uses), which conversions take a unit and which are created declined by the cap is decided
 * in memory, in batch order (CapTally, the rule of takeCapUnits), and they are inserted. Either
 * way each counter is moved once by what the inserted conversions took. A conversion that was
 * not inserted (its identity is taken) takes nothing; the caller answers it through the locking
 * path in conversions.ts after the commit.
 *
 * The short way inserts before it locks and the long way locks before it inserts, so two of them
 * posting one identity at once can deadlock; PostgreSQL then fails one batch, whose postbacks are
 * written one by one (writer.ts).
 */
import type { CapPlan, CapTouch } from '../../domain/cap-plan.js';
import { declinedByCap } from '../../domain/cap-plan.js';
import type { Conversion } from '../../domain/entities.js';
import type { ConversionEvent, QueuedJob } from '../../domain/commands.js';
import { CapTally, takenTotals } from '../cap-tally.js';
import { lockCounters, makeCounters, moveCapCounter, takeTotals } from './cap-counters.js';
import { type PgClient, type PgPool, transaction } from './connection.js';
import { MadeCounters } from './made-counters.js';
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
    for (const { touch, total } of takenTotals([...inserted.values()].map((decided) => decided.took))) {
      await moveCapCounter(client, touch, total);
    }
    return batch.map((pending): CappedCreated => {
      const decided = inserted.get(pending);
      if (!decided) return { inserted: false };
      return { inserted: true, conversion: decided.create.command.conversion, jobs: decided.create.jobs };
    });
  });
}

/** Rolls back the short way's transaction: a cap declines one of the batch. */
class NotAllFit extends Error {}

/**
 * The short way: the batch inserted as posted, committed only when every conversion inserted
 * takes its units (else null, nothing written). Counters this process has made are not made
 * again; a row missing all the same only sends the batch the long way, which makes it.
 */
async function createIfAllFit(
  pool: PgPool,
  made: MadeCounters,
  batch: PendingCappedCreate[],
  ids: string[],
  shard: number,
): Promise<CappedCreated[] | null> {
  const touches = batch.filter(counts).flatMap(({ plan }) => plan.touches);
  try {
    const created = await transaction(pool, async (client) => {
      // Made before the insert: a counter made after it would count the batch's own conversions.
      await makeCounters(client, made.missing(touches));
      ids.length = 0;
      ids.push(...partitionedIds(batch));
      const inserted = await createMany(client, batch, true, shard);
      const totals = takenTotals(
        batch.filter((pending, index) => inserted[index] && counts(pending)).map(({ plan }) => plan.touches),
      );
      if ((await takeTotals(client, totals)) !== totals.length) throw new NotAllFit();
      return batch.map(
        ({ command, jobs }, index): CappedCreated =>
          inserted[index] ? { inserted: true, conversion: command.conversion, jobs } : { inserted: false },
      );
    });
    made.remember(touches);
    return created;
  } catch (error) {
    if (error instanceof NotAllFit) return null;
    throw error;
  }
}

/** Group-committed creation for capped offers (report counters are always kept with caps). */
export function cappedCreator(
  pool: PgPool,
  partitions: Partitions,
  windowMs: number,
  creationJobs: CreationJobs,
  shards: CounterShards,
): PgBatcher<PendingCappedCreate, CappedCreated> {
  const made = new MadeCounters();
  const write = (batch: PendingCappedCreate[], slot: number) => {
    const ids: string[] = [];
    const shard = shards.ofSlot(slot);
    return partitions.writing(
      () => ids,
      async () =>
        (await createIfAllFit(pool, made, batch, ids, shard)) ??
        (await createCapped(pool, batch, creationJobs, ids, shard)),
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
