/**
 * The SQL of cap counters, shared by both backends (placeholders differ). A counter row is
 * created from the report counters the first time a window needs it (INSERT … SELECT … ON
 * CONFLICT DO NOTHING: a racing creator waits and does nothing), then only moved. On SQLite a
 * conditional UPDATE (`value < limit`) takes a unit for a new conversion, exact because the
 * single writer serialises takers; status changes add their deltas.
 *
 * On PostgreSQL a counter may also have rows in other shards: clicks batches add to their own
 * (postgres/shards.ts), and conversions and budget takers hold quota rows (postgres/cap-quotas.ts).
 * The counter is the sum of its rows, so every read sums.
 */
import type { CapBaseline, CapTouch } from '../domain/cap-plan.js';

type Placeholder = (n: number) => string;

const KEY = 'offer_id, rule_key, window_start, goal_key, affiliate_id';

/** The counted measure of a row of stat_conversions, for these status prefixes. */
function measure(baseline: CapBaseline): string {
  const column = baseline.measure === 'count' ? 'count' : 'pay';
  return baseline.prefixes
    .map((prefix) => (prefix === 'd' ? `(d_${column} - capped_${column})` : `${prefix}_${column}`))
    .join(' + ');
}

function keyArgs(offerId: number, touch: CapTouch): unknown[] {
  return [offerId, touch.rule_key, touch.window_start, touch.goal_key, touch.affiliate_id];
}

const keyWhere = (p: Placeholder, first: number) =>
  `offer_id = ${p(first)} AND rule_key = ${p(first + 1)} AND window_start = ${p(first + 2)} AND goal_key = ${p(first + 3)} AND affiliate_id = ${p(first + 4)}`;

/**
 * Appends the counter's key arguments to `args` (their first placeholder is `first`), then the
 * values of the FROM and WHERE of the stored records it counts.
 */
function keyAndBaseline(
  touch: CapTouch,
  p: Placeholder,
  args: unknown[] = [],
): { args: unknown[]; first: number; from: string } {
  const b = touch.baseline;
  const first = args.length + 1;
  args.push(...keyArgs(b.offer_id, touch));
  const arg = (value: unknown) => {
    args.push(value);
    return p(args.length);
  };
  const where = [`offer_id = ${arg(b.offer_id)}`, `q >= ${arg(b.fromQ)}`];
  if (b.toQ !== null) where.push(`q < ${arg(b.toQ)}`);
  if (b.currency !== null) where.push(`currency = ${arg(b.currency)}`);
  if (b.goal_keys) where.push(`goal_key IN (${b.goal_keys.map(arg).join(', ')})`);
  if (b.affiliate_ids) where.push(`affiliate_id IN (${b.affiliate_ids.map(arg).join(', ')})`);
  const table = b.source === 'clicks' ? 'stat_clicks' : 'stat_conversions';
  return { args, first, from: `FROM ${table} WHERE ${where.join(' AND ')}` };
}

/** What the counted records add up to: clicks' `raw`, or the conversions' counted measure. */
const baselineSum = (b: CapBaseline) => (b.source === 'clicks' ? 'raw' : measure(b));

/**
 * Creates the counter row from the stored records unless it exists. The records are summed
 * only when the row is missing (the NOT EXISTS guard), so asking again costs one key lookup.
 */
export function ensureCounterSql(touch: CapTouch, p: Placeholder): { sql: string; args: unknown[] } {
  const { args, from } = keyAndBaseline(touch, p);
  args.push(...keyArgs(touch.baseline.offer_id, touch));
  const sql = `INSERT INTO cap_counters (${KEY}, value)
    SELECT ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)},
      (SELECT COALESCE(SUM(${baselineSum(touch.baseline)}), 0) ${from})
    WHERE NOT EXISTS (SELECT 1 FROM cap_counters WHERE ${keyWhere(p, args.length - 4)})
    ON CONFLICT DO NOTHING`;
  return { sql, args };
}

/**
 * Counters' current values without writing, in one statement: each its row when it exists, else
 * what the row would be created with. One row, column `v<i>` for the i-th counter.
 */
export function readCountersSql(touches: readonly CapTouch[], p: Placeholder): { sql: string; args: unknown[] } {
  const args: unknown[] = [];
  const columns = touches.map((touch, i) => {
    const { first, from } = keyAndBaseline(touch, p, args);
    return `COALESCE(
      (SELECT SUM(value) FROM cap_counters WHERE ${keyWhere(p, first)}),
      (SELECT COALESCE(SUM(${baselineSum(touch.baseline)}), 0) ${from})) AS v${i}`;
  });
  return { sql: `SELECT ${columns.join(',\n    ')}`, args };
}

/** Takes `amount` from the counter only while it is below the limit; one row changed when taken. */
export function takeUnitSql(touch: CapTouch, p: Placeholder): { sql: string; args: unknown[] } {
  return {
    sql: `UPDATE cap_counters SET value = value + ${p(1)} WHERE ${keyWhere(p, 2)} AND value < ${p(7)}`,
    args: [touch.amount, ...keyArgs(touch.baseline.offer_id, touch), touch.limit],
  };
}

/** Adds `delta` to the counter when it exists (a status change, or giving a unit back). */
export function moveCounterSql(touch: CapTouch, delta: number, p: Placeholder): { sql: string; args: unknown[] } {
  return {
    sql: `UPDATE cap_counters SET value = value + ${p(1)} WHERE ${keyWhere(p, 2)}`,
    args: [delta, ...keyArgs(touch.baseline.offer_id, touch)],
  };
}

/** Counter rows of one rule in one window (offer, rule key, window start), for the caps report. */
export function counterRowsSql(p: Placeholder): string {
  return `SELECT rule_key, window_start, goal_key, affiliate_id, SUM(value) AS value FROM cap_counters
    WHERE offer_id = ${p(1)} AND rule_key = ${p(2)} AND window_start = ${p(3)}
    GROUP BY rule_key, window_start, goal_key, affiliate_id HAVING SUM(value) <> 0`;
}

/**
 * Each touch's identity, made once: a touch is asked for it several times on its way (and the
 * touches of a capped offer's clicks are shared, domain/click-caps.ts), and turning the numbers
 * into text costs more than the lookup.
 */
const counterIds = new WeakMap<CapTouch, string>();

/**
 * A counter's identity. The offer comes last: rule keys repeat across offers (rule ids are per
 * offer), and a batch of several offers' conversions needs a total order, while one offer's
 * touches keep the order they always had.
 */
export function counterId(t: CapTouch): string {
  let id = counterIds.get(t);
  if (id === undefined) {
    id = `${t.rule_key}\u0001${t.window_start}\u0001${t.goal_key}\u0001${t.affiliate_id}\u0001${t.baseline.offer_id}`;
    counterIds.set(t, id);
  }
  return id;
}

/** One touch per counter (the first of each), in the order given. */
export function distinctTouches(touches: readonly CapTouch[]): CapTouch[] {
  return [...new Map(touches.map((touch) => [counterId(touch), touch])).values()];
}

/** Touches in one order, so transactions lock counter rows in one order (no deadlock). */
export function sortTouches(touches: CapTouch[]): CapTouch[] {
  return [...touches].sort((a, b) => {
    const [x, y] = [counterId(a), counterId(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
