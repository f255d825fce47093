/**
 * Statements run on a store's own database behind its back (a SQLite file, or a PostgreSQL
 * schema given as `?schema=` in the URL): for tests that set up or inspect what the store must
 * cope with.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

/** Runs the statements in order; the first row of the last one, if it returns rows. */
export async function directSql(url: string, statements: string[]): Promise<Record<string, unknown> | undefined> {
  let last: Record<string, unknown> | undefined;
  if (url.startsWith('file:')) {
    const db = new Database(url.slice('file:'.length));
    try {
      for (const sql of statements) {
        const statement = db.prepare(sql);
        if (statement.reader) last = statement.get() as Record<string, unknown> | undefined;
        else {
          statement.run();
          last = undefined;
        }
      }
    } finally {
      db.close();
    }
    return last;
  }
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    for (const sql of statements) last = (await client.query(sql)).rows[0];
  } finally {
    await client.end();
  }
  return last;
}
