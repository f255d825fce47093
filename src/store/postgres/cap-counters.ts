/**
 * Cap counters on PostgreSQL, inside the conversion's transaction. A take is a conditional
 * UPDATE (`value < limit`) on the counter row: concurrent takers in any process queue on the row
 * lock and each re-reads the value it waited for, so a window never takes more than its limit.
 * Counters are taken in one order (sortTouches), so two transactions never wait on each other
 * in a cycle. A batch of creations locks all its counters at once instead and decides in memory
 * (lockCounters, conversion-create-capped.ts). The SQL is shared with SQLite (cap-sql.ts).
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { counterId, distinctTouches, ensureCounterSql, moveCounterSql, sortTouches, takeUnitSql } from '../cap-sql.js';
import type { CounterTotal } from '../cap-tally.js';
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

/** Makes the counters that are missing, each from the records stored so far, in sortTouches order. */
export async function makeCounters(client: PgClient, touches: CapTouch[]): Promise<void> {
  for (const touch of sortTouches(distinctTouches(touches))) await run(client, ensureCounterSql(touch, placeholder));
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
  const sorted = sortTouches(distinctTouches(touches));
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

/**
 * Locks the counters in the order given and adds each total to those whose every take finds the
 * value below the limit (their last take does: amounts are never negative), in one statement.
 * The number of counters moved: fewer than asked when a cap declines one of the takes or a
 * counter's row is missing, and then the caller's transaction must be rolled back.
 */
const TAKE_TOTALS = `WITH k AS (
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::bigint[],
      $6::bigint[], $7::bigint[], $8::numeric[]) WITH ORDINALITY
      AS k(offer_id, rule_key, window_start, goal_key, affiliate_id, total, before_last, lim, ord)
  ), locked AS (
    SELECT c.offer_id, c.rule_key, c.window_start, c.goal_key, c.affiliate_id, k.total, k.before_last, k.lim
    FROM k JOIN cap_counters c USING (offer_id, rule_key, window_start, goal_key, affiliate_id)
    ORDER BY k.ord FOR UPDATE OF c
  )
  UPDATE cap_counters c SET value = c.value + l.total
  FROM locked l
  WHERE c.offer_id = l.offer_id AND c.rule_key = l.rule_key AND c.window_start = l.window_start
    AND c.goal_key = l.goal_key AND c.affiliate_id = l.affiliate_id AND c.value + l.before_last < l.lim`;

export async function takeTotals(client: PgClient, totals: CounterTotal[]): Promise<number> {
  if (totals.length === 0) return 0;
  const result = await client.query({
    name: 'cap_counters_take_totals',
    text: TAKE_TOTALS,
    values: [
      totals.map(({ touch }) => touch.baseline.offer_id),
      totals.map(({ touch }) => touch.rule_key),
      totals.map(({ touch }) => touch.window_start),
      totals.map(({ touch }) => touch.goal_key),
      totals.map(({ touch }) => touch.affiliate_id),
      totals.map(({ total }) => total),
      totals.map(({ beforeLast }) => beforeLast),
      totals.map(({ touch }) => touch.limit),
    ],
  });
  return result.rowCount ?? 0;
}
