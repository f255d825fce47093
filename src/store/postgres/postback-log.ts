/**
 * The server postbacks log (docs/api.md, "Server postbacks slice"): one row per inbound postback or
 * pixel. Rejected postbacks (most of a bad sender's traffic) are group-committed like clicks;
 * accepted ones are written by the conversion's own transaction (conversions.ts).
 */
import type { PostbackLogRow } from '../../domain/entities.js';
import { objectIdKey } from '../../domain/object-id.js';
import type { PostbackLogFilter, PostbackLogRepo } from '../store.js';
import type { PgPool, PgQueryable } from './connection.js';
import { countAndPage } from './page.js';
import type { Partitions } from './partitions.js';
import { decodeFields, encodeText } from './text.js';
import { Where } from './where.js';
import { PgBatcher } from './writer.js';

/** Lower-cased parameter values, one per line: what `search` matches against. */
export function searchText(params: Record<string, string>): string {
  return Object.values(params).join('\n').toLowerCase();
}

/** The columns of a log row, in the order of postbackLogParams, and their types. */
export const LOG_COLUMNS = [
  'id',
  'created_at',
  'offer_id',
  'advertiser_id',
  'affiliate_id',
  'clickid',
  'status',
  'goal',
  'action_id',
  'ip',
  'integration',
  'delta',
  'params',
  'response',
  'response_status',
  'search_text',
] as const;
export const LOG_TYPES = [
  'text',
  'bigint',
  'bigint',
  'bigint',
  'bigint',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'bigint',
  'json',
  'json',
  'smallint',
  'text',
] as const;
const COLUMNS = LOG_COLUMNS.join(', ');

const INSERT_ONE = `INSERT INTO postback_log (${COLUMNS})
  VALUES (${LOG_TYPES.map((type, index) => `$${index + 1}::${type}`).join(', ')})`;
const INSERT_MANY = `INSERT INTO postback_log (${COLUMNS})
  SELECT * FROM unnest(${LOG_TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})`;

/** The parameters of postbackLogInsertSql, in order. */
export function postbackLogParams(row: PostbackLogRow): unknown[] {
  return [
    row.id,
    row.created_at,
    row.offer_id,
    row.advertiser_id,
    row.affiliate_id,
    encodeText(row.clickid),
    encodeText(row.status),
    encodeText(row.goal),
    encodeText(row.action_id),
    encodeText(row.ip),
    row.integration,
    row.delta,
    JSON.stringify(row.params),
    JSON.stringify(row.response),
    row.response.status,
    encodeText(searchText(row.params)),
  ];
}

/** Writes one log row; `db` may be a client inside the conversion's transaction. */
export async function insertPostbackLog(db: PgQueryable, row: PostbackLogRow): Promise<void> {
  await db.query({ name: 'postback_log_insert', text: INSERT_ONE, values: postbackLogParams(row) });
}

interface LogRow extends PostbackLogRow {
  response_status?: number;
  search_text?: string;
}

export function pgPostbackLog(
  pool: PgPool,
  partitions: Partitions,
  windowMs: number,
): { repo: PostbackLogRepo; batcher: PgBatcher<PostbackLogRow> } {
  const batcher = new PgBatcher<PostbackLogRow>(
    {
      many: (rows) =>
        partitions.writing(
          () => rows.map((row) => row.id),
          async () => {
            const table = rows.map(postbackLogParams);
            const columns = table[0].map((_, column) => table.map((row) => row[column]));
            await pool.query({ name: 'postback_log_insert_many', text: INSERT_MANY, values: columns });
          },
        ),
      one: (row) =>
        partitions.writing(
          () => [row.id],
          () => insertPostbackLog(pool, row),
        ),
    },
    windowMs,
  );

  return {
    batcher,
    repo: {
      append: (row) => batcher.add(row),
      async list(filter: PostbackLogFilter, page) {
        const where = Where.createdWithin(filter);
        where.anyOf('offer_id', filter.offer);
        where.anyOf('affiliate_id', filter.partner);
        where.anyOf('advertiser_id', filter.supplier);
        if (filter.click_id) where.add('clickid = $', encodeText(objectIdKey(filter.click_id)));
        if (filter.action_id) where.add('action_id = $', encodeText(filter.action_id));
        if (filter.goal) where.add('lower(goal) = $', encodeText(filter.goal.toLowerCase()));
        if (filter.status) where.add('lower(status) = $', encodeText(filter.status.toLowerCase()));
        if (filter.response_status) where.add('response_status = $', filter.response_status);
        if (filter.search) where.add('strpos(search_text, $) > 0', encodeText(filter.search.toLowerCase()));
        const result = await countAndPage<LogRow>(pool, 'postback_log', where, 'id DESC', page);
        return {
          total: result.total,
          rows: result.rows.map(({ response_status: _r, search_text: _s, ...row }) =>
            decodeFields(row, ['clickid', 'status', 'goal', 'action_id', 'ip']),
          ),
        };
      },
    },
  };
}
