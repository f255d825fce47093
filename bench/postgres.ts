/**
 * PostgreSQL for `--postgres URL`: a schema of its own per run (`?schema=bench_…`, created by the
 * server's migrations, dropped at the end), click ids read back after the /click load, and fresh
 * clicks written straight into the clicks table when the /postback load needs more.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { newObjectId } from '../src/domain/object-id.js';
import { shuffle } from './prefill.js';

/** The URL with a new `schema=bench_<hex>` parameter, and that schema's name. */
export function benchSchemaUrl(base: string): { url: string; schema: string } {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return { url: url.toString(), schema };
}

function connectionString(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('schema');
  parsed.searchParams.delete('pool_max');
  return parsed.toString();
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: connectionString(url) });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * After the report fill: the counter tables (`stat_*`) rewritten compactly (VACUUM FULL), then
 * every table analysed. The fill writes 30 days of traffic in minutes from many concurrent
 * statements, so each counter row is updated hundreds of times while other statements' snapshots
 * still see its old versions, and the fill has moved on to later rows before any page is pruned:
 * the tables end several times their live size. In a live system a quarter hour's rows are
 * updated for fifteen minutes, and page pruning (the rollups leave half of each page free for
 * it) and autovacuum keep them near their live size, which is what this restores.
 */
export async function compactSchema(url: string, schema: string): Promise<void> {
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ tablename: string }>(
      'SELECT tablename FROM pg_tables WHERE schemaname = $1',
      [schema],
    );
    for (const { tablename } of rows) {
      if (tablename.startsWith('stat_')) await client.query(`VACUUM FULL ${schema}.${tablename}`);
      await client.query(`VACUUM ANALYZE ${schema}.${tablename}`);
    }
  });
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^bench_[0-9a-f]{8}$/.test(schema)) throw new Error(`refusing to drop schema "${schema}"`);
  await withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}

/** Ids of the clicks of `affiliateId` made at or after `sinceMs`, in random order. */
export async function readClickIdsPg(
  url: string,
  schema: string,
  affiliateId: number,
  sinceMs: number,
  limit: number,
): Promise<string[]> {
  const rows = await withClient(url, (client) =>
    client.query<{ clickid: string }>(
      `SELECT clickid FROM ${schema}.clicks WHERE affiliate_id = $1 AND created_at >= $2 LIMIT $3`,
      [affiliateId, sinceMs, limit],
    ),
  );
  return shuffle(rows.rows.map((row) => row.clickid));
}

/**
 * Inserts `count` clicks made now straight into `schema.clicks` (the day's partition exists: the
 * server made it), 5,000 rows a statement; gives their ids in random order.
 */
export async function insertClicksPg(
  url: string,
  schema: string,
  offerId: number,
  affiliateId: number,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  await withClient(url, async (client) => {
    const chunk = 5000;
    for (let done = 0; done < count; done += chunk) {
      const now = Date.now();
      const batch: string[] = [];
      for (let i = done; i < Math.min(count, done + chunk); i++) batch.push(newObjectId(now));
      await client.query(
        `INSERT INTO ${schema}.clicks (clickid, offer_id, affiliate_id, subs, ip, user_agent, country, referrer, created_at)
         SELECT id, $2, $3, NULL, '198.51.100.7', 'bench', NULL, NULL, $4 FROM unnest($1::text[]) AS id`,
        [batch, offerId, affiliateId, now],
      );
      ids.push(...batch);
    }
  });
  return shuffle(ids);
}
