/**
 * Counter shards on PostgreSQL. Report counters, their rollups and clicks cap counters are
 * keyed also by a shard, and every reader sums over the shards. An upsert holds its counter
 * row's lock until its commit, so two writers adding to one row take turns at the speed of a
 * commit; writers that run at the same time therefore write different shards:
 * - each process claims a base of its own when it opens (a sequence: no two processes started
 *   together get the same one, and restarts wrap round a fixed range);
 * - each batch on its way in the process adds its writer slot (writer.ts), held by no other
 *   batch of that writer meanwhile.
 * A quiet process writes slot 0 only, so rows multiply only with the concurrency that needs it.
 * Conversions and budget cap counters use the same numbering for their writers' quota rows.
 */
import type { PgPool } from './connection.js';

/** Slots per process: a batcher's batches on their way at once (PgBatcher's maxInFlight). */
export const SLOTS_PER_PROCESS = 4;
/** Process bases wrap round this many, which bounds a counter key's rows. */
const PROCESS_BASES = 64;

export interface CounterShards {
  /** The shard of a batch written in `slot`. */
  ofSlot(slot: number): number;
  /** The shard of a transaction writing one conversion's counters (a status change). */
  ofTransaction(): number;
  /** The shard of the cap quota rows of a batch written in `slot` (cap-quotas.ts): never 0. */
  quotaOfSlot(slot: number): number;
}

/** Fixed shards (a store that writes no counters, and tests). */
export function fixedShards(base: number): CounterShards {
  let next = 0;
  return {
    ofSlot: (slot) => base * SLOTS_PER_PROCESS + slot,
    // Shard 0 of a cap counter is its shared row, so quota rows count from 1.
    quotaOfSlot: (slot) => base * SLOTS_PER_PROCESS + slot + 1,
    // Turn by turn through the process's slots, so concurrent transactions seldom share a row.
    ofTransaction: () => {
      next = (next + 1) % SLOTS_PER_PROCESS;
      return base * SLOTS_PER_PROCESS + next;
    },
  };
}

/** Claims this process's base. */
export async function claimCounterShards(pool: PgPool): Promise<CounterShards> {
  const { rows } = await pool.query<{ n: string }>("SELECT nextval('counter_shard_seq') AS n");
  return fixedShards(Number(rows[0].n) % PROCESS_BASES);
}
