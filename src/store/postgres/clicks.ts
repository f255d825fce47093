/**
 * Clicks: the busiest write. Concurrent inserts leave as one multi-row INSERT over unnest()ed
 * arrays (group commit, writer.ts). Reads (one per postback) are gathered the same way, per
 * event-loop turn, into one `= ANY(…)` lookup: one round trip and one socket write instead of
 * one per postback. Each goes by primary key to the day partition its id's time prefix names.
 */
import type { Click } from '../entities.js';
import type { ClickRepo } from '../store.js';
import type { PgPool } from './connection.js';
import { decodeSubs, encodeSubs } from './json.js';
import type { Partitions } from './partitions.js';
import { decodeFields, encodeText } from './text.js';
import { PgBatcher } from './writer.js';

interface ClickRow extends Omit<Click, 'subs'> {
  subs: (string | null)[] | null;
}

const COLUMNS = 'clickid, offer_id, affiliate_id, subs, ip, user_agent, country, referrer, created_at';

const INSERT_MANY = `INSERT INTO clicks (${COLUMNS})
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::json[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::bigint[])`;
const INSERT_ONE = `INSERT INTO clicks (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

function columns(clicks: Click[]): unknown[][] {
  const out: unknown[][] = Array.from({ length: 9 }, () => new Array(clicks.length));
  clicks.forEach((click, i) => {
    out[0][i] = click.clickid;
    out[1][i] = click.offer_id;
    out[2][i] = click.affiliate_id;
    out[3][i] = encodeSubs(click.subs);
    out[4][i] = click.ip;
    out[5][i] = encodeText(click.user_agent);
    out[6][i] = click.country;
    out[7][i] = encodeText(click.referrer);
    out[8][i] = click.created_at;
  });
  return out;
}

/**
 * Unnamed (never prepared) on purpose: planned with the ids at hand, so only their days'
 * partitions are searched; a generic plan cannot prune on an array parameter.
 */
const GET_MANY = 'SELECT * FROM clicks WHERE clickid = ANY($1::text[])';

function toClick(row: ClickRow): Click {
  return { ...decodeFields(row, ['user_agent', 'referrer']), subs: decodeSubs(row.subs) };
}

/** The click repository, and `drain` (at close) to finish what is queued. */
export function pgClicks(
  pool: PgPool,
  partitions: Partitions,
  windowMs: number,
): { repo: ClickRepo; drain(): Promise<void> } {
  const batcher = new PgBatcher<Click>(
    {
      many: (clicks) =>
        partitions.writing(
          () => clicks.map((c) => c.clickid),
          async () => {
            await pool.query({ name: 'clicks_insert_many', text: INSERT_MANY, values: columns(clicks) });
          },
        ),
      one: (click) =>
        partitions.writing(
          () => [click.clickid],
          async () => {
            await pool.query({
              name: 'clicks_insert_one',
              text: INSERT_ONE,
              values: columns([click]).map((column) => column[0]),
            });
          },
        ),
    },
    windowMs,
  );
  const reads = new PgBatcher<string, Click | null>(
    {
      async many(ids) {
        const { rows } = await pool.query<ClickRow>(GET_MANY, [[...new Set(ids)]]);
        const found = new Map(rows.map((row) => [row.clickid, row]));
        return ids.map((id) => {
          const row = found.get(id);
          return row ? toClick(row) : null;
        });
      },
      async one(id) {
        const { rows } = await pool.query<ClickRow>({
          name: 'clicks_get',
          text: 'SELECT * FROM clicks WHERE clickid = $1',
          values: [id],
        });
        return rows[0] ? toClick(rows[0]) : null;
      },
    },
    0,
  );
  return {
    drain: async () => {
      await Promise.all([batcher.drain(), reads.drain()]);
    },
    repo: {
      insert: (click) => batcher.add(click),
      get: (clickid) => reads.add(clickid.toLowerCase()),
    },
  };
}
