/**
 * Creating conversions of offers with conversion or budget caps, with group commit: the
 * postbacks of one short window share one transaction and one commit.
 *
 * Each batch slot of each process takes cap units through a quota row of its own (cap-quotas.ts),
 * so writers do not queue on one counter row. Most batches fit in their writer's quota whole,
 * and take the short way: one statement inserts the conversions as posted (their log rows,
 * jobs and report counters, createMany) and adds each counter's units to the writer's own row,
 * and fails, writing nothing, unless every take fits in the quota (quotaTakeCtes).
 *
 * When one does not fit (no quota yet, quota used up, or a cap near), the batch is decided in a
 * transaction, the long way: every row of its counters is locked
 * (lockAll), which conversions take a unit and which are created declined by the cap is decided
 * in memory, in batch order (CapTally, the rule of takeCapUnits), they are inserted, and the
 * writer's own rows get what they took and a new quota (settle). A conversion that was not
 * inserted (its identity is taken) takes nothing; the caller answers it through the locking
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
import { isQuotaShort, lockAll, revokeOthers, type Settlement, settle } from './cap-quotas.js';
import { type PgClient, type PgPool, transaction } from './connection.js';
import { createMany, type PendingCreate, partitionedIds } from './conversion-create.js';
import type { Partitions } from './partitions.js';
import type { CounterShards } from './shards.js';
import { decideUnderLock, settlements } from './quota-decision.js';
import { QuotaMemory } from './quota-memory.js';
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

/** Each conversion's touches, none for one whose posted status does not take units. */
const takesOf = (batch: PendingCappedCreate[]) => batch.map((pending) => (counts(pending) ? pending.plan.touches : []));

/**
 * The long way: every row of the batch's counters locked (cap-quotas.ts), the batch decided
 * against them and inserted, and what the stored ones took added to the writer's own rows with
 * its new quota, which `memory` learns once committed.
 */
async function createCapped(
  pool: PgPool,
  batch: PendingCappedCreate[],
  creationJobs: CreationJobs,
  ids: string[],
  shard: number,
  own: number,
  memory: QuotaMemory,
): Promise<CappedCreated[]> {
  const takes = takesOf(batch);
  const touches = takes.flat();
  let settled: Settlement[] = [];
  const created = await transaction(pool, async (client) => {
    const locked = await lockAll(client, touches, own);
    const decision = decideUnderLock(locked, takes);
    if (decision.revoke) await revokeOthers(client, touches, own);
    const inserted = await insertDecided(client, batch, decision.values, creationJobs, ids, shard);
    // Units taken by conversions that were not inserted are never written: only what the
    // stored ones took moves the counters.
    const took = [...inserted.values()].map((decided) => decided.took);
    settled = settlements(locked, decision, touches, took, own);
    await settle(client, settled, own);
    return batch.map((pending): CappedCreated => {
      const decided = inserted.get(pending);
      if (!decided) return { inserted: false };
      return { inserted: true, conversion: decided.create.command.conversion, jobs: decided.create.jobs };
    });
  });
  memory.settled(own, settled);
  return created;
}

/**
 * The short way: the batch inserted as posted in one statement, which also takes the inserted
 * conversions' units from the writer's own quota, or writes nothing (null) when they do not fit
 * (or `memory` knows they cannot).
 */
async function createIfAllFit(
  pool: PgPool,
  batch: PendingCappedCreate[],
  ids: string[],
  shard: number,
  own: number,
  memory: QuotaMemory,
): Promise<CappedCreated[] | null> {
  const takes = takesOf(batch);
  const totals = takenTotals(takes);
  if (!memory.mayFit(own, totals)) return null;
  ids.length = 0;
  ids.push(...partitionedIds(batch));
  let inserted: boolean[];
  try {
    inserted = await createMany(pool, batch, true, shard, { own, takes, counters: totals.map(({ touch }) => touch) });
  } catch (error) {
    if (isQuotaShort(error)) return null;
    throw error;
  }
  // Most batches are inserted whole; otherwise only the inserted ones took their units.
  memory.took(own, inserted.every(Boolean) ? totals : takenTotals(takes.filter((_, index) => inserted[index])));
  return batch.map(
    ({ command, jobs }, index): CappedCreated =>
      inserted[index] ? { inserted: true, conversion: command.conversion, jobs } : { inserted: false },
  );
}

/**
 * Capped batches on their way at once, per process: one, as for every counted writer
 * (writer.ts, COUNTED_IN_FLIGHT). A capped batch's statement does even more per batch (the quota
 * takes, their row lock), and a process then holds one quota row per counter, not one per slot,
 * so a cap's room is split in fewer parts. The paired bench (bench/README.md) measured 3% to 13%
 * more capped postbacks per second with one than with four; test/store/capped-batches.test.ts
 * fails with more.
 */
const CAPPED_IN_FLIGHT = 1;

/** Group-committed creation for capped offers (report counters are always kept with caps). */
export function cappedCreator(
  pool: PgPool,
  partitions: Partitions,
  windowMs: number,
  creationJobs: CreationJobs,
  shards: CounterShards,
): PgBatcher<PendingCappedCreate, CappedCreated> {
  const memory = new QuotaMemory();
  const write = (batch: PendingCappedCreate[], slot: number) => {
    const ids: string[] = [];
    const [shard, own] = [shards.ofSlot(slot), shards.quotaOfSlot(slot)];
    return partitions.writing(
      () => ids,
      async () =>
        (await createIfAllFit(pool, batch, ids, shard, own, memory)) ??
        (await createCapped(pool, batch, creationJobs, ids, shard, own, memory)),
    );
  };
  return new PgBatcher<PendingCappedCreate, CappedCreated>(
    { many: write, one: async (pending, slot) => (await write([pending], slot))[0] },
    windowMs,
    CAPPED_IN_FLIGHT,
  );
}
