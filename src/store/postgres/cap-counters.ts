/**
 * Cap counters on PostgreSQL, inside the conversion's transaction. A take is a conditional
 * UPDATE (`value < limit`) on the counter row: concurrent takers in any process queue on the row
 * lock and each re-reads the value it waited for, so a window never takes more than its limit.
 * Counters are taken in one order (sortTouches), so two transactions never wait on each other
 * in a cycle. The SQL is shared with SQLite (cap-sql.ts).
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { ensureCounterSql, moveCounterSql, sortTouches, takeUnitSql } from '../cap-sql.js';
import type { PgClient } from './connection.js';

const placeholder = (n: number) => `$${n}`;

async function run(client: PgClient, { sql, args }: { sql: string; args: unknown[] }): Promise<number> {
  return (await client.query(sql, args)).rowCount ?? 0;
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
