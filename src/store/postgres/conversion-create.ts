/**
 * Creating conversions whose identity is new, the common case of an advertiser postback, with
 * group commit: the postbacks arriving within one short window become one statement. Its
 * data-modifying CTEs insert every conversion (ON CONFLICT DO NOTHING), then the log rows and
 * outbound jobs of exactly those that were inserted. One round trip and one commit for the
 * batch, atomic like a transaction.
 *
 * The fan-out is pure and a creation has no previous status, so each postback's creation jobs
 * are computed (once) before the statement, and written only with their conversion. A postback
 * whose conversion was not inserted (its identity is taken, possibly by another postback of the
 * same batch) is answered by the caller through the locking path in conversions.ts. Capped
 * offers' batches run the same statement with their cap units taken in it (its capped form), or
 * inside their long way's transaction (conversion-create-capped.ts).
 */
import { outcomeResponse } from '../../domain/existing-conversion.js';
import type { QueuedJob, RecordConversion } from '../../domain/commands.js';
import type { PgPool, PgQueryable } from './connection.js';
import { CONVERSION_COLUMNS, CONVERSION_TYPES, conversionParams } from './conversion-rows.js';
import { LOG_COLUMNS, LOG_TYPES, postbackLogParams } from './postback-log.js';
import { OUTBOUND_COLUMNS, OUTBOUND_TYPES, outboundRow } from './outbound-insert.js';
import type { Partitions } from './partitions.js';
import type { CounterShards } from './shards.js';
import { COUNTED_IN_FLIGHT, PgBatcher } from './writer.js';
import { INSERTED_COLUMNS, STATS_CTE, statsFromInserted } from './conversion-stats.js';
import { QUOTA_GUARD, quotaTakeCtes, quotaTakeValues } from './cap-quotas.js';
import type { CapTouch } from '../../domain/cap-plan.js';

/** A postback to create, with the jobs its creation causes. */
export interface PendingCreate {
  command: RecordConversion;
  jobs: QueuedJob[];
}

/** `unnest($n::type[], …) AS alias(names)`, parameters numbered from `first`. */
function unnest(first: number, types: readonly string[], alias: string, names: readonly string[]): string {
  const arrays = types.map((type, index) => `$${first + index}::${type}[]`).join(', ');
  return `unnest(${arrays}) AS ${alias}(${names.join(', ')})`;
}

const LOG_FIRST = CONVERSION_TYPES.length + 1;
const JOBS_FIRST = LOG_FIRST + LOG_TYPES.length + 1;
/** The batch's counter shard (shards.ts), after the jobs' arrays. */
const SHARD = JOBS_FIRST + OUTBOUND_TYPES.length + 2;

/** The values a job brings; the store sets its state, counters and times. */
const JOB_VALUES = OUTBOUND_COLUMNS.join(', ');

/** After the shard: the quota takes of a capped batch (cap-quotas.ts, quotaTakeCtes). */
const QUOTA_FIRST = SHARD + 1;

/**
 * `counted`: the batch's conversions are added to the report counters in the same statement;
 * `capped` (counted too): their cap units are taken from the writer's quota, or nothing is written.
 */
const createManySql = (counted: boolean, capped = false) => `WITH inserted AS (
    INSERT INTO conversions (${CONVERSION_COLUMNS.join(', ')})
    SELECT * FROM ${unnest(1, CONVERSION_TYPES, 'c', CONVERSION_COLUMNS)}
    ON CONFLICT DO NOTHING RETURNING ${INSERTED_COLUMNS}),${counted ? `\n  ${statsFromInserted('inserted', `$${SHARD}::smallint`, capped)},` : ''}${capped ? `\n  ${quotaTakeCtes(QUOTA_FIRST, STATS_CTE)},` : ''}
  log AS (
    INSERT INTO postback_log (${LOG_COLUMNS.join(', ')})
    SELECT ${LOG_COLUMNS.join(', ')} FROM ${unnest(LOG_FIRST, [...LOG_TYPES, 'text'], 'l', [...LOG_COLUMNS, 'for_conversion'])}
    WHERE for_conversion IN (SELECT id FROM inserted)),
  jobs AS (
    INSERT INTO outbound (${JOB_VALUES}, state, attempts, http_code, error, next_attempt_at, lease_until, created_at, updated_at)
    SELECT ${JOB_VALUES}, 'pending', 0, 0, NULL, job_now, NULL, job_now, job_now
    FROM ${unnest(JOBS_FIRST, [...OUTBOUND_TYPES, 'bigint', 'text'], 'j', [...OUTBOUND_COLUMNS, 'job_now', 'for_conversion'])}
    WHERE for_conversion IN (SELECT id FROM inserted))
  ${capped ? `SELECT i.id, guard.fits FROM (SELECT ${QUOTA_GUARD} AS fits) guard LEFT JOIN inserted i ON true` : 'SELECT id FROM inserted'}`;

/** Row-wise parameter lists -> one array per column. */
function columns(rows: unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column]));
}

/** The store's log row for a created conversion. */
function createdLog(command: RecordConversion) {
  return { ...command.log, response: outcomeResponse({ kind: 'created', conversion: command.conversion }) };
}

const CREATE_MANY_COUNTED = createManySql(true);
const CREATE_MANY_UNCOUNTED = createManySql(false);
const CREATE_MANY_CAPPED = createManySql(true, true);

/**
 * A capped batch's quota takes: `takes[i]`, the touches batch[i] takes if inserted; `counters`,
 * one touch per counter they join, in sortTouches order.
 */
export interface QuotaTakes {
  own: number;
  takes: CapTouch[][];
  counters: CapTouch[];
}

/**
 * Writes a batch in one statement, on the pool (a commit of its own) or on a transaction's
 * client; returns, for each pending create in order, whether it was inserted. With `quota`, the
 * statement fails (isQuotaShort) unless the inserted conversions' cap units fit in it.
 */
export async function createMany(
  db: PgQueryable,
  batch: PendingCreate[],
  counted: boolean,
  shard: number,
  quota?: QuotaTakes,
): Promise<boolean[]> {
  // Keys taken in one order by every batch, so two processes' batches seldom deadlock; when
  // they do, the aborted batch is written again one postback at a time (writer.ts).
  const sorted = [...batch].sort((a, b) => identityKey(a).localeCompare(identityKey(b)));
  const conversions = sorted.map(({ command }) => conversionParams(command.conversion, command.identity));
  const logs = sorted.map(({ command }) => [...postbackLogParams(createdLog(command)), command.conversion.id]);
  // Each job is due at its conversion's creation (job_now) and written only with it.
  const jobs = sorted.flatMap(({ command, jobs: own }) =>
    own.map((job) => [...outboundRow(job), command.conversion.created_at, command.conversion.id]),
  );
  const values = [
    ...columns(conversions, CONVERSION_TYPES.length),
    ...columns(logs, LOG_TYPES.length + 1),
    ...columns(jobs, OUTBOUND_TYPES.length + 2),
    ...(counted || quota ? [shard] : []),
    ...(quota
      ? quotaTakeValues(
          batch.map(({ command }) => command.conversion.id),
          quota.takes,
          quota.counters,
          quota.own,
        )
      : []),
  ];
  const [name, text] = quota
    ? ['conversions_create_many_capped', CREATE_MANY_CAPPED]
    : counted
      ? ['conversions_create_many', CREATE_MANY_COUNTED]
      : ['conversions_create_many_uncounted', CREATE_MANY_UNCOUNTED];
  const { rows } = await db.query<{ id: string | null }>({ name, text, values });
  const inserted = new Set(rows.map((row) => row.id));
  return batch.map(({ command }) => inserted.has(command.conversion.id));
}

function identityKey({ command }: PendingCreate): string {
  const identity = command.identity;
  return `${identity.offer_id}\u0001${identity.goal_key}\u0001${identity.action_key ?? ''}`;
}

/** The ids a batch writes into day partitions, for creating missing ones (partitions.ts). */
export function partitionedIds(batch: PendingCreate[]): string[] {
  return batch.flatMap(({ command, jobs }) => [command.log.id, ...jobs.map((job) => job.id)]);
}

/** Group-committed creation: `add` resolves true when the conversion was inserted. */
export function conversionCreator(
  pool: PgPool,
  partitions: Partitions,
  windowMs: number,
  counted: boolean,
  shards: CounterShards,
): PgBatcher<PendingCreate, boolean> {
  return new PgBatcher<PendingCreate, boolean>(
    {
      many: (batch, slot) =>
        partitions.writing(
          () => partitionedIds(batch),
          () => createMany(pool, batch, counted, shards.ofSlot(slot)),
        ),
      one: async (pending, slot) =>
        (
          await partitions.writing(
            () => partitionedIds([pending]),
            () => createMany(pool, [pending], counted, shards.ofSlot(slot)),
          )
        )[0],
    },
    windowMs,
    counted ? COUNTED_IN_FLIGHT : undefined,
  );
}
