/**
 * Cap counters on SQLite, inside the writer's transaction: one writer at a time, so a take is
 * exact without locks. The SQL is shared with PostgreSQL (cap-sql.ts).
 *
 * Clicks counters are also kept in memory: the writer is in this process, so the value each
 * batch's write leaves is the value the next click checks against, and a click's cap check
 * reads no database once its counter is known. A batch's clicks are summed per counter and
 * each counter is written once, when the batch commits (like the report counters), not once
 * per click.
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import {
  counterId,
  counterRowsSql,
  ensureCounterSql,
  moveCounterSql,
  readCountersSql,
  sortTouches,
  takeUnitSql,
} from '../cap-sql.js';
import { anyReached } from '../../domain/click-caps.js';
import type { CapCounterRepo, CapCounterRow } from '../store.js';
import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from './connection.js';
import type { BatchAccumulator } from './writer.js';

const placeholder = () => '?';

/** Known clicks counters beyond this many are forgotten (old windows), then read again. */
const MAX_REMEMBERED = 10_000;

export function sqliteCapCounters(db: SqliteDb) {
  const statements = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const run = ({ sql, args }: { sql: string; args: unknown[] }) => prepared(sql).run(...args).changes;
  const clickValues = new Map<string, number>();
  const remember = (key: string, value: number) => {
    if (clickValues.size >= MAX_REMEMBERED && !clickValues.has(key)) clickValues.clear();
    clickValues.set(key, value);
  };
  const add = (touch: CapTouch, amount: number) => {
    const { sql, args } = moveCounterSql(touch, amount, placeholder);
    return prepared(`${sql} RETURNING value`).get(...args) as { value: number } | undefined;
  };
  /** This batch's clicks joining counters, in write order (a write undone alone drops its own). */
  let joins: CapTouch[] = [];

  const reader: CapCounterRepo = {
    async values(touches) {
      return touches.map((touch) => {
        const key = counterId(touch);
        const known = touch.baseline.source === 'clicks' ? clickValues.get(key) : undefined;
        if (known !== undefined) return known;
        const { sql, args } = readCountersSql([touch], placeholder);
        const value = Number((prepared(sql).get(...args) as { v0: number }).v0);
        if (touch.baseline.source === 'clicks') remember(key, value);
        return value;
      });
    },
    async reachedAtClick(touches) {
      return anyReached(touches, await reader.values(touches));
    },
    async rows(offerId, ruleKey, windowStart) {
      return prepared(counterRowsSql(placeholder)).all(offerId, ruleKey, windowStart) as CapCounterRow[];
    },
  };

  return {
    reader,
    /** Takes a unit of every counter, or none (null) when one is reached. */
    take(touches: CapTouch[]): CapTouch[] | null {
      const taken: CapTouch[] = [];
      for (const touch of sortTouches(touches)) {
        // The counter usually exists: take first (one statement), and make it only when the take
        // changed nothing (missing, or reached).
        let took = run(takeUnitSql(touch, placeholder)) === 1;
        if (!took) {
          run(ensureCounterSql(touch, placeholder));
          took = run(takeUnitSql(touch, placeholder)) === 1;
        }
        if (!took) {
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
    /** Counts a stored click in a clicks counter, written with the click's batch (joins). */
    joinClick(touch: CapTouch): void {
      joins.push(touch);
    },
    /**
     * The batch accumulator of the joins. Attached to the writer before the report counters, so
     * a counter made here starts from the clicks stored before this batch, and then counts the
     * batch's own.
     */
    joins: {
      mark: () => joins.length,
      rewind(mark: number) {
        joins.length = mark;
      },
      reset() {
        joins = [];
      },
      flush() {
        if (joins.length === 0) return;
        const counts = new Map<string, { touch: CapTouch; n: number }>();
        for (const touch of joins) {
          const key = counterId(touch);
          const entry = counts.get(key);
          if (entry) entry.n++;
          else counts.set(key, { touch, n: 1 });
        }
        joins = [];
        for (const [key, { touch, n }] of counts) {
          let row = add(touch, n);
          if (!row) {
            run(ensureCounterSql(touch, placeholder));
            row = add(touch, n);
          }
          if (row) remember(key, Number(row.value));
        }
      },
    } satisfies BatchAccumulator,
  };
}

export type SqliteCapCounters = ReturnType<typeof sqliteCapCounters>;
