/**
 * Group commit for SQLite: writes queued within a short window run in one transaction, and
 * each caller's promise settles only after that transaction commits. One fsync then covers a
 * whole batch, which is what lets durable clicks and postbacks run at tens of thousands a second.
 *
 * Each write runs inside its own SAVEPOINT, so one that throws is rolled back alone and its
 * caller gets the error while the rest of the batch commits.
 */
import type { SqliteDb } from './connection.js';

interface QueuedWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Largest batch; a full queue flushes at once instead of waiting for the window. */
const MAX_BATCH = 2000;

export class SqliteWriter {
  private queue: QueuedWrite[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  private readonly savepoint;
  private readonly release;
  private readonly rollbackTo;

  constructor(private readonly db: SqliteDb, private readonly windowMs: number) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT write');
    this.release = db.prepare('RELEASE write');
    this.rollbackTo = db.prepare('ROLLBACK TO write');
  }

  /** Queues a synchronous write; resolves with its result after the batch commits. */
  write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length >= MAX_BATCH) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.windowMs);
    });
  }

  /** Runs everything queued now, in one transaction. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      this.begin.run();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) {
      this.savepoint.run();
      try {
        results.push({ ok: true, value: item.run() });
        this.release.run();
      } catch (error) {
        this.rollbackTo.run();
        this.release.run();
        results.push({ ok: false, value: error });
      }
    }
    try {
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const result = results[index];
      if (result.ok) item.resolve(result.value);
      else item.reject(result.value);
    });
  }
}
