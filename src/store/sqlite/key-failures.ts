/** Failed key attempts per address and window (see http/key-limiter.ts), as postgres/key-failures.ts. */
import type { KeyFailureRepo } from '../store.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';

/** The scope that counts everyone's failures. */
const EVERYONE = '*';

export function sqliteKeyFailures(db: SqliteDb, writer: SqliteWriter): KeyFailureRepo {
  const count = db.prepare(
    `INSERT INTO key_failures (scope, window_start, count) VALUES (?, ?, 1)
     ON CONFLICT (scope, window_start) DO UPDATE SET count = count + 1 RETURNING count`,
  );
  const forget = db.prepare('DELETE FROM key_failures WHERE window_start < ?');
  return {
    record(address, windowStart) {
      return writer.write(() => {
        forget.run(windowStart);
        const mine = (count.get(address, windowStart) as { count: number }).count;
        const everyone = (count.get(EVERYONE, windowStart) as { count: number }).count;
        return { address: mine, global: everyone };
      });
    },
  };
}
