/**
 * Cap quotas on PostgreSQL: how writers in many processes take conversions and budget cap units
 * without queueing on one row.
 *
 * A counter is the sum of its rows. Its row in shard 0 (the shared row) is made from the stored
 * records and takes status changes. Every other row belongs to one writer (a batch slot of one
 * process, shards.ts): `value` is what the writer took through it, `quota` the most it may take
 * through it while the other rows are not locked, under the rule limit `quota_limit`.
 *
 * The rule kept: the counted total plus the quota writers hold unused never exceeds the limit.
 * So a take that fits in its writer's quota finds the counter below the limit, as taking one
 * after another would; it locks the writer's own row only (quotaTakeCtes).
 *
 * When it does not fit, the writer locks every row of its counters: the shared rows first (every
 * writer that grants quota holds them, so once they are locked every grant is committed), then,
 * in a new statement that sees those grants, all rows (lockAll). It decides against the total
 * plus the others' unused quota; only when that declines a take or passes a limit does it take
 * back the others' unused quota (revokeOthers) and decide against the true total, exactly. It then
 * adds what it took to its own row and grants itself half of what is left (settle).
 *
 * Rows are locked in one order everywhere (counters in sortTouches order, and within a counter by
 * shard, the shared row first), so no two writers wait on each other in a cycle.
 */
import type { CapTouch } from '../../domain/cap-plan.js';
import { counterId, distinctTouches, ensureCounterSql, sortTouches } from '../cap-sql.js';
import type { PgClient } from './connection.js';
import { preparedName } from './prepared.js';

const placeholder = (n: number) => `$${n}`;

/** A counter under lock: the sum of its rows, and the quota other writers hold unused. */
export interface LockedCounter {
  total: number;
  reservedByOthers: number;
}

const KEY_ARRAYS = '$1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::bigint[]';
const KEY_NAMES = 'offer_id, rule_key, window_start, goal_key, affiliate_id';
const KEY_MATCH = `c.offer_id = k.offer_id AND c.rule_key = k.rule_key AND c.window_start = k.window_start
    AND c.goal_key = k.goal_key AND c.affiliate_id = k.affiliate_id`;

/** The key arrays ($1 to $5) of the touches, in the order given. */
const keyValues = (touches: readonly CapTouch[]): unknown[] => [
  touches.map((t) => t.baseline.offer_id),
  touches.map((t) => t.rule_key),
  touches.map((t) => t.window_start),
  touches.map((t) => t.goal_key),
  touches.map((t) => t.affiliate_id),
];

const MAKE_OWN_ROWS = `INSERT INTO cap_counters (${KEY_NAMES}, shard, value)
  SELECT k.*, $6, 0 FROM unnest(${KEY_ARRAYS}) AS k(${KEY_NAMES})
  ON CONFLICT DO NOTHING`;

const LOCK_SHARED_ROWS = `SELECT 1
  FROM unnest(${KEY_ARRAYS}) WITH ORDINALITY AS k(${KEY_NAMES}, ord)
  JOIN cap_counters c ON ${KEY_MATCH} AND c.shard = 0
  ORDER BY k.ord FOR UPDATE OF c`;

const LOCK_ALL_ROWS = `WITH locked AS (
    SELECT k.ord, c.shard, c.value, c.quota
    FROM unnest(${KEY_ARRAYS}) WITH ORDINALITY AS k(${KEY_NAMES}, ord)
    JOIN cap_counters c ON ${KEY_MATCH}
    ORDER BY k.ord, c.shard FOR UPDATE OF c
  )
  SELECT ord, SUM(value)::bigint AS total,
    SUM(CASE WHEN shard IN (0, $6) THEN 0 ELSE GREATEST(quota - value, 0) END)::bigint AS reserved
  FROM locked GROUP BY ord`;

/**
 * Makes the counters' shared rows (from the stored records) and the writer's own row in shard
 * `own` when missing, then locks every row of each counter and reads it (by counterId).
 */
export async function lockAll(client: PgClient, touches: CapTouch[], own: number): Promise<Map<string, LockedCounter>> {
  const sorted = sortTouches(distinctTouches(touches));
  if (sorted.length === 0) return new Map();
  for (const touch of sorted) {
    const { sql, args } = ensureCounterSql(touch, placeholder);
    await client.query({ name: preparedName(sql), text: sql, values: args });
  }
  const keys = keyValues(sorted);
  if (own !== 0) await client.query({ name: 'cap_quota_make_own', text: MAKE_OWN_ROWS, values: [...keys, own] });
  await client.query({ name: 'cap_quota_lock_shared', text: LOCK_SHARED_ROWS, values: keys });
  const { rows } = await client.query<{ ord: number; total: number; reserved: number }>({
    name: 'cap_quota_lock_all',
    text: LOCK_ALL_ROWS,
    values: [...keys, own],
  });
  if (rows.length !== sorted.length) throw new Error(`cap counters: locked ${rows.length} of ${sorted.length}`);
  return new Map(
    rows.map((row) => [counterId(sorted[row.ord - 1]), { total: row.total, reservedByOthers: row.reserved }]),
  );
}

const REVOKE_OTHERS = `UPDATE cap_counters c SET quota = c.value
  FROM unnest(${KEY_ARRAYS}) AS k(${KEY_NAMES})
  WHERE ${KEY_MATCH} AND c.shard NOT IN (0, $6) AND c.quota > c.value`;

/** Takes back the quota other writers hold unused (their rows are locked by lockAll). */
export async function revokeOthers(client: PgClient, touches: CapTouch[], own: number): Promise<void> {
  const distinct = distinctTouches(touches);
  if (distinct.length === 0) return;
  await client.query({ name: 'cap_quota_revoke', text: REVOKE_OTHERS, values: [...keyValues(distinct), own] });
}

/** What a writer leaves on its own row of a counter after deciding under lockAll. */
export interface Settlement {
  touch: CapTouch;
  /** Units taken through this row. */
  taken: number;
  /** The unused quota the row holds from now on (0 on the shared row). */
  grant: number;
}

const SETTLE = `UPDATE cap_counters c SET value = c.value + k.taken,
    quota = CASE WHEN c.shard = 0 THEN 0 ELSE c.value + k.taken + k.granted END,
    quota_limit = CASE WHEN c.shard = 0 THEN NULL ELSE k.lim END
  FROM unnest(${KEY_ARRAYS}, $6::bigint[], $7::bigint[], $8::bigint[]) AS k(${KEY_NAMES}, taken, granted, lim)
  WHERE ${KEY_MATCH} AND c.shard = $9`;

/** Adds what was taken to the writer's own rows (shard `own`) and sets their quota. */
export async function settle(client: PgClient, settlements: Settlement[], own: number): Promise<void> {
  if (settlements.length === 0) return;
  await client.query({
    name: 'cap_quota_settle',
    text: SETTLE,
    values: [
      ...keyValues(settlements.map(({ touch }) => touch)),
      settlements.map(({ taken }) => taken),
      settlements.map(({ grant }) => grant),
      settlements.map(({ touch }) => touch.limit),
      own,
    ],
  });
}

/**
 * The short way, inside the one statement that creates a batch (conversion-create.ts): CTEs that
 * add the units of the conversions the `inserted` CTE returned to the writer's own rows, locked
 * in counter order, where every take fits in the quota granted under the rule's current limit
 * (the last take starts below the quota and the total ends within it). Parameters from `first`
 * (quotaTakeValues). The statement must select quotaGuard: it fails the statement, and so undoes
 * everything it wrote, when a counter's takes do not fit or its row is missing (isQuotaShort).
 * `after`: a CTE (with RETURNING) the takes wait for, so the report counter rows it writes are
 * locked before the quota rows, in the order every transaction that changes a status takes them.
 */
export function quotaTakeCtes(first: number, after: string): string {
  const $ = (n: number) => `$${first + n}`;
  return `takes AS (
    SELECT t.counter, SUM(t.amount) AS total,
      SUM(t.amount) - (array_agg(t.amount ORDER BY t.pos DESC))[1] AS before_last
    FROM unnest(${$(7)}::text[], ${$(8)}::int[], ${$(9)}::bigint[], ${$(10)}::int[]) AS t(conversion, counter, amount, pos)
    WHERE t.conversion IN (SELECT id FROM inserted) AND (SELECT count(*) FROM ${after}) >= 0
    GROUP BY t.counter),
  own_rows AS (
    SELECT c.offer_id, c.rule_key, c.window_start, c.goal_key, c.affiliate_id, t.total, t.before_last, k.lim
    FROM unnest(${$(0)}::bigint[], ${$(1)}::text[], ${$(2)}::bigint[], ${$(3)}::text[], ${$(4)}::bigint[], ${$(5)}::bigint[])
      WITH ORDINALITY AS k(${KEY_NAMES}, lim, ord)
    JOIN takes t ON t.counter = k.ord
    JOIN cap_counters c ON ${KEY_MATCH} AND c.shard = ${$(6)}
    ORDER BY k.ord FOR UPDATE OF c),
  taken AS (
    UPDATE cap_counters c SET value = c.value + k.total
    FROM own_rows k
    WHERE ${KEY_MATCH} AND c.shard = ${$(6)} AND c.quota_limit = k.lim
      AND c.value + k.total <= c.quota AND c.value + k.before_last < c.quota
    RETURNING 1)`;
}

/** 1 when every counter's takes fit; else the statement fails with division_by_zero. */
export const QUOTA_GUARD = '1 / ((SELECT count(*) FROM taken) = (SELECT count(*) FROM takes))::int';

/** The creation statement failed on QUOTA_GUARD: nothing was written. */
export const isQuotaShort = (error: unknown): boolean => (error as { code?: unknown }).code === '22012';

/**
 * The values of quotaTakeCtes: `takes[i]` are the touches conversion `ids[i]` takes if it is
 * inserted (none when its status does not count), in batch order; `counters`, one touch of each
 * counter they join, in sortTouches order (the order their rows are locked in).
 */
export function quotaTakeValues(ids: string[], takes: CapTouch[][], counters: CapTouch[], own: number): unknown[] {
  const ord = new Map(counters.map((touch, index) => [counterId(touch), index + 1]));
  const pairs = takes.flatMap((touches, pos) =>
    touches.map((touch) => ({ conversion: ids[pos], counter: ord.get(counterId(touch)), amount: touch.amount, pos })),
  );
  return [
    ...keyValues(counters),
    counters.map((touch) => touch.limit),
    own,
    pairs.map((pair) => pair.conversion),
    pairs.map((pair) => pair.counter),
    pairs.map((pair) => pair.amount),
    pairs.map((pair) => pair.pos),
  ];
}

const MOVE_SHARED = `UPDATE cap_counters SET value = value + $6
  WHERE offer_id = $1 AND rule_key = $2 AND window_start = $3 AND goal_key = $4 AND affiliate_id = $5 AND shard = 0`;

const REVOKE_ALL = `UPDATE cap_counters SET quota = value
  WHERE offer_id = $1 AND rule_key = $2 AND window_start = $3 AND goal_key = $4 AND affiliate_id = $5
    AND shard <> 0 AND quota > value`;

/**
 * Moves a counter that exists by `delta` (a status change, or units given back) on its shared
 * row. A rise also takes back every writer's unused quota: the counted total grew without a
 * take, and the quota must not let takes pass the limit.
 */
export async function moveShared(client: PgClient, touch: CapTouch, delta: number): Promise<void> {
  if (delta === 0) return;
  const key = [touch.baseline.offer_id, touch.rule_key, touch.window_start, touch.goal_key, touch.affiliate_id];
  await client.query({ name: 'cap_quota_move_shared', text: MOVE_SHARED, values: [...key, delta] });
  if (delta > 0) await client.query({ name: 'cap_quota_revoke_all', text: REVOKE_ALL, values: key });
}
