/**
 * Failed key attempts per address and window (see http/key-limiter.ts): one statement counts
 * the address and everyone at once, so every process adds to the same counts.
 */
import type { KeyFailureRepo } from '../store.js';
import type { PgPool } from './connection.js';

/** The scope that counts everyone's failures. */
const EVERYONE = '*';

// Rows are always locked in the same order (the address's, then everyone's), so two processes
// counting at once wait for each other instead of deadlocking.
const COUNT = `INSERT INTO key_failures (scope, window_start, count) VALUES ($1, $2, 1), ('${EVERYONE}', $2, 1)
  ON CONFLICT (scope, window_start) DO UPDATE SET count = key_failures.count + 1 RETURNING scope, count`;

export function pgKeyFailures(pool: PgPool): KeyFailureRepo {
  return {
    async record(address, windowStart) {
      await pool.query('DELETE FROM key_failures WHERE window_start < $1', [windowStart]);
      const { rows } = await pool.query<{ scope: string; count: number }>(COUNT, [address, windowStart]);
      const of = (scope: string) => rows.find((row) => row.scope === scope)?.count ?? 0;
      return { address: of(address), global: of(EVERYONE) };
    },
  };
}
