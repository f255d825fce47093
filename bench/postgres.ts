/**
 * PostgreSQL for `--postgres URL`: a schema of its own per run (`?schema=bench_…`, created by the
 * store's migrations, dropped at the end), click ids read back after the /click load, and fresh
 * clicks written through the store when the /postback load needs more.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { newClickId } from '../src/domain/clickid.js';
import { createPostgresStore } from '../src/store/postgres/index.js';
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

/** Inserts `count` clicks made now through the store (group commit), in chunks; gives their ids. */
export async function insertClicksPg(
  url: string,
  offerId: number,
  affiliateId: number,
  count: number,
): Promise<string[]> {
  const store = await createPostgresStore(url, { writeBatchMs: 2 });
  const ids: string[] = [];
  try {
    const chunk = 5000;
    for (let done = 0; done < count; done += chunk) {
      const writes: Promise<void>[] = [];
      for (let i = done; i < Math.min(count, done + chunk); i++) {
        const now = Date.now();
        const clickid = newClickId(now);
        ids.push(clickid);
        writes.push(
          store.clicks.insert({
            clickid,
            offer_id: offerId,
            affiliate_id: affiliateId,
            subs: Array(8).fill(null),
            ip: '198.51.100.7',
            user_agent: 'bench',
            country: null,
            referrer: null,
            created_at: now,
          }),
        );
      }
      await Promise.all(writes);
    }
  } finally {
    await store.close();
  }
  return shuffle(ids);
}
