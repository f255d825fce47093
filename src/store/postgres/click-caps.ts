/**
 * Clicks cap counters on PostgreSQL, and cap counter reads. A batch of clicks adds its clicks to
 * the counters they join in the batch's own statement (an upsert in key order, as the report
 * counters); a counter's row is made from `stat_clicks` before the first batch that joins it
 * (once per counter per process), so it starts from the clicks stored before. Clicks committed
 * by another process between that snapshot and the row's creation are not counted: a clicks cap
 * may overshoot by the clicks in flight, as the contract allows. The checks of one event-loop
 * turn read the counters of every rule that applies in one query, unless every counter a click
 * checks is remembered far enough below its limit (click-cap-memory.ts); conversions and budget
 * counters are only read.
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { counterId, counterRowsSql, distinctTouches, ensureCounterSql, readCountersSql } from '../cap-sql.js';
import { anyReached } from '../../domain/click-caps.js';
import { DeltaMap } from '../counter-deltas.js';
import type { CapCounterRepo, CapCounterRow } from '../store.js';
import { ClickCapMemory } from './click-cap-memory.js';
import { MadeCounters } from './made-counters.js';
import type { PgPool } from './connection.js';
import { preparedName } from './prepared.js';
import { PgBatcher } from './writer.js';

const placeholder = (n: number) => `$${n}`;

/**
 * The CTE adding a batch's clicks to their counters in the batch's counter shard (`shard`, an
 * SQL expression; shards.ts); parameters numbered from `first`. The row made from the stored
 * clicks (`prepare`) is shard 0, so a counter is the sum of its rows.
 */
export function clickCapsCte(first: number, shard: string): string {
  const p = (i: number) => `$${first + i}`;
  return `caps AS (
    INSERT INTO cap_counters (offer_id, rule_key, window_start, goal_key, affiliate_id, value, shard)
    SELECT *, ${shard} FROM unnest(${p(0)}::bigint[], ${p(1)}::text[], ${p(2)}::bigint[], ${p(3)}::text[],
      ${p(4)}::bigint[], ${p(5)}::bigint[])
    ON CONFLICT (offer_id, rule_key, window_start, goal_key, affiliate_id, shard)
    DO UPDATE SET value = cap_counters.value + EXCLUDED.value)`;
}

const touchKey = (t: CapTouch): (string | number)[] => [
  t.baseline.offer_id,
  t.rule_key,
  t.window_start,
  t.goal_key,
  t.affiliate_id,
];

/** The batch's clicks summed per counter, in key order, one array per column. */
export function clickCapColumns(touches: CapTouch[]): unknown[][] {
  const deltas = new DeltaMap();
  for (const touch of touches) deltas.add(touchKey(touch), { n: 1 });
  const rows = deltas.sorted();
  return [...Array.from({ length: 5 }, (_, i) => rows.map((row) => row.key[i])), rows.map((row) => row.sums.n)];
}

/** Counters read by one statement at most: bounds its width (a column each). */
const READ_CHUNK = 100;

/** The values of distinct counters, by counterId, a statement per READ_CHUNK of them. */
async function readValues(pool: PgPool, touches: CapTouch[]): Promise<Map<string, number>> {
  const distinct = distinctTouches(touches);
  const values = new Map<string, number>();
  for (let from = 0; from < distinct.length; from += READ_CHUNK) {
    const chunk = distinct.slice(from, from + READ_CHUNK);
    const { sql, args } = readCountersSql(chunk, placeholder);
    const { rows } = await pool.query<Record<string, string | number>>({
      name: preparedName(sql),
      text: sql,
      values: args,
    });
    for (const [i, touch] of chunk.entries()) values.set(counterId(touch), Number(rows[0][`v${i}`]));
  }
  return values;
}

export function pgClickCaps(pool: PgPool) {
  const made = new MadeCounters();
  const memory = new ClickCapMemory();
  // The checks of clicks arriving in one event-loop turn are read together: one statement for
  // the distinct counters they name (a busy offer's clicks all name the same few), not one
  // round trip per click.
  const reads = new PgBatcher<CapTouch[], number[]>(
    {
      async many(lists) {
        const values = await readValues(pool, lists.flat());
        return lists.map((touches) => touches.map((touch) => values.get(counterId(touch)) ?? 0));
      },
      async one(touches) {
        const values = await readValues(pool, touches);
        return touches.map((touch) => values.get(counterId(touch)) ?? 0);
      },
    },
    0,
  );
  const reader: CapCounterRepo = {
    values: (touches) => (touches.length === 0 ? Promise.resolve([]) : reads.add(touches)),
    async reachedAtClick(touches) {
      const known = touches.map((touch) => (touch.baseline.source === 'clicks' ? memory.known(touch) : undefined));
      if (known.every((value) => value !== undefined)) return anyReached(touches, known);
      const values = await reads.add(touches);
      for (const [i, touch] of touches.entries()) if (touch.baseline.source === 'clicks') memory.read(touch, values[i]);
      return anyReached(touches, values);
    },
    async rows(offerId, ruleKey, windowStart) {
      const { rows } = await pool.query<CapCounterRow>(counterRowsSql(placeholder), [offerId, ruleKey, windowStart]);
      return rows.map((row) => ({ ...row, window_start: Number(row.window_start), value: Number(row.value) }));
    },
  };
  return {
    reader,
    /** Answers the reads on their way (at close). */
    drain: () => reads.drain(),
    /** Clicks of this process stored into their counters (one per touch), after the commit. */
    counted: (touches: CapTouch[]) => memory.counted(touches),
    /** Makes the rows of the counters a batch joins that this process has not made yet. */
    async prepare(touches: CapTouch[]): Promise<void> {
      for (const touch of made.missing(touches)) {
        const { sql, args } = ensureCounterSql(touch, placeholder);
        await pool.query(sql, args);
        made.remember([touch]);
      }
    },
  };
}

export type PgClickCaps = ReturnType<typeof pgClickCaps>;
