/**
 * Cap counters on PostgreSQL, inside the conversion's transaction. A take is a conditional
 * UPDATE (`value < limit`) on the counter row: concurrent takers in any process queue on the row
 * lock and each re-reads the value it waited for, so a window never takes more than its limit.
 * Counters are taken in one order (sortTouches), so two transactions never wait on each other
 * in a cycle. A batch of creations locks all its counters at once instead and decides in memory
 * (lockCounters, conversion-create-capped.ts). The SQL is shared with SQLite (cap-sql.ts).
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { counterId, ensureCounterSql, moveCounterSql, sortTouches, takeUnitSql } from '../cap-sql.js';
import type { PgClient } from './connection.js';
import { preparedName } from './prepared.js';

const placeholder = (n: number) => `$${n}`;

async function run(client: PgClient, { sql, args }: { sql: string; args: unknown[] }): Promise<number> {
  return (await client.query({ name: preparedName(sql), text: sql, values: args })).rowCount ?? 0;
}

/** Takes a unit of every counter, or none (null) when one is reached. */
export async function takeCapUnits(client: PgClient, touches: CapTouch[]): Promise<CapTouch[] | null> {
  const taken: CapTouch[] = [];
  for (const touch of sortTouches(touches)) {
    // The counter usually exists: take first (one statement), and make it only when the take
    // changed nothing (missing, or reached).
    let took = (await run(client, takeUnitSql(touch, placeholder))) === 1;
    if (!took) {
      await run(client, ensureCounterSql(touch, placeholder));
      took = (await run(client, takeUnitSql(touch, placeholder))) === 1;
    }
    if (!took) {
      for (const back of taken) await run(client, moveCounterSql(back, -back.amount, placeholder));
      return null;
    }
    taken.push(touch);
  }
  return taken;
}

/** Moves a counter that exists (one not yet made will count the change when it is). */
export async function moveCapCounter(client: PgClient, touch: CapTouch, delta: number): Promise<void> {
  if (delta !== 0) await run(client, moveCounterSql(touch, delta, placeholder));
}

/** Locks counter rows in the order given, each from its own key arrays (parallel, same length). */
const LOCK_IN_ORDER = `SELECT k.ord, c.value
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::bigint[]) WITH ORDINALITY
    AS k(offer_id, rule_key, window_start, goal_key, affiliate_id, ord)
  JOIN cap_counters c USING (offer_id, rule_key, window_start, goal_key, affiliate_id)
  ORDER BY k.ord FOR UPDATE OF c`;

/**
 * For a batch of creations: makes the counters that are missing, then locks them all with one
 * statement and reads their values (by counterId; a counter touched twice is locked once).
 * Rows are made and locked in sortTouches order, the order every take uses, so a batch never
 * waits in a cycle with another batch or a single take (PostgreSQL sorts before it locks).
 */
export async function lockCounters(client: PgClient, touches: CapTouch[]): Promise<Map<string, number>> {
  const sorted = sortTouches([...new Map(touches.map((touch) => [counterId(touch), touch])).values()]);
  if (sorted.length === 0) return new Map();
  for (const touch of sorted) await run(client, ensureCounterSql(touch, placeholder));
  const { rows } = await client.query<{ ord: number; value: number }>({
    name: 'cap_counters_lock',
    text: LOCK_IN_ORDER,
    values: [
      sorted.map((t) => t.baseline.offer_id),
      sorted.map((t) => t.rule_key),
      sorted.map((t) => t.window_start),
      sorted.map((t) => t.goal_key),
      sorted.map((t) => t.affiliate_id),
    ],
  });
  if (rows.length !== sorted.length) throw new Error(`cap counters: locked ${rows.length} of ${sorted.length}`);
  return new Map(rows.map((row) => [counterId(sorted[row.ord - 1]), row.value]));
}
