/**
 * Cap counters on SQLite, inside the writer's transaction: one writer at a time, so a take is
 * exact without locks. The SQL is shared with PostgreSQL (cap-sql.ts).
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { ensureCounterSql, moveCounterSql, sortTouches, takeUnitSql } from '../cap-sql.js';
import type { SqliteDb } from './connection.js';

const placeholder = () => '?';

export function sqliteCapCounters(db: SqliteDb) {
  const run = ({ sql, args }: { sql: string; args: unknown[] }) => db.prepare(sql).run(...args).changes;
  return {
    /** Takes a unit of every counter, or none (null) when one is reached. */
    take(touches: CapTouch[]): CapTouch[] | null {
      const taken: CapTouch[] = [];
      for (const touch of sortTouches(touches)) {
        run(ensureCounterSql(touch, placeholder));
        if (run(takeUnitSql(touch, placeholder)) === 0) {
          for (const back of taken) run(moveCounterSql(back, -back.amount, placeholder));
          return null;
        }
        taken.push(touch);
      }
      return taken;
    },
    /** Moves a counter that exists (one not yet made will count the change when it is). */
    move(touch: CapTouch, delta: number): void {
      if (delta !== 0) run(moveCounterSql(touch, delta, placeholder));
    },
  };
}
