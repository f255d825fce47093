/**
 * Group commit for SQLite: writes queued within a short window run in one transaction, and
 * each caller's promise settles only after that transaction commits. One fsync then covers a
 * whole batch, which is what lets durable clicks and postbacks run at tens of thousands a second.
 *
 * A write that throws is rolled back alone (the batch is run again with a SAVEPOINT per write)
 * and its caller gets the error while the rest of the batch commits. Writes must therefore be
 * safe to run twice: they may only touch the database and their own result.
 *
 * The checkpointer may hold the writer for a few milliseconds (checkpointer.ts): writes queue
 * meanwhile, and run in one batch on release. The queue is bounded (`maxQueue`, WRITE_QUEUE_MAX):
 * a write beyond it is refused at once (WriteBacklogFull, answered 503), so a disk that stalls
 * under load never turns into a backlog that grows in memory.
 */
import { WriteBacklogFull } from '../unavailable.js';
import type { SqliteDb } from './connection.js';

/**
 * Something writes of a batch add to in memory and that is written once, just before the
 * batch commits (the report counters). `mark`/`rewind` undo what a write that failed alone
 * added; `reset` drops what a batch that is run again added.
 */
export interface BatchAccumulator {
  mark(): number;
  rewind(mark: number): void;
  reset(): void;
  flush(): void;
}

interface QueuedWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface WriteResult {
  ok: boolean;
  value: unknown;
}

/**
 * A queue this long flushes at once instead of waiting for the window. A release after a hold
 * runs whatever queued meanwhile in one batch, which may be longer (a hold lasts milliseconds).
 */
const MAX_BATCH = 2000;

export class SqliteWriter {
  private queue: QueuedWrite[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private held = false;
  private readonly accumulators: BatchAccumulator[] = [];
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  private readonly savepoint;
  private readonly releaseSavepoint;
  private readonly rollbackTo;

  constructor(
    private readonly db: SqliteDb,
    private readonly windowMs: number,
    /** Most writes waiting for their batch; 0: no bound. */
    private readonly maxQueue = 0,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT write');
    this.releaseSavepoint = db.prepare('RELEASE write');
    this.rollbackTo = db.prepare('ROLLBACK TO write');
  }

  /** Adds an accumulator flushed inside every batch's transaction, before its COMMIT. */
  attach(accumulator: BatchAccumulator): void {
    this.accumulators.push(accumulator);
  }

  /** Queues a synchronous write; resolves with its result after the batch commits. */
  write<T>(run: () => T): Promise<T> {
    if (this.maxQueue > 0 && this.queue.length >= this.maxQueue) {
      return Promise.reject(new WriteBacklogFull(this.maxQueue));
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (this.held) return;
      if (this.queue.length >= MAX_BATCH) this.flush();
      else if (!this.timer && !this.immediate) this.schedule();
    });
  }

  /** No transaction starts until release(); writes keep queuing. */
  hold(): void {
    this.held = true;
    this.cancelSchedule();
  }

  release(): void {
    this.held = false;
    if (this.queue.length > 0) this.flush();
  }

  /**
   * A window of 0 flushes once the current turn of the event loop has read every request that
   * arrived together: the batch is whatever the loop gathered, with no added wait.
   */
  private schedule(): void {
    if (this.windowMs === 0) this.immediate = setImmediate(() => this.flush());
    else this.timer = setTimeout(() => this.flush(), this.windowMs);
  }

  private cancelSchedule(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = null;
    }
  }

  /** Runs everything queued now, in one transaction (unless held: release() runs it). */
  flush(): void {
    this.cancelSchedule();
    const batch = this.queue;
    if (this.held || batch.length === 0) return;
    this.queue = [];
    // Writes almost never throw, and a savepoint per write costs as much as a small insert:
    // run the batch plainly first, and only when one write throws run it again write by write.
    let results: WriteResult[] | 'retry' | 'failed';
    try {
      results = this.runBatch(batch, false);
      if (results === 'retry') results = this.runBatch(batch, true);
    } catch (error) {
      // A disk that is full or failing can end the transaction under us, and then even a
      // ROLLBACK throws: no caller of this batch is answered as committed, none is left waiting.
      if (this.db.inTransaction) {
        try {
          this.rollback.run();
        } catch {}
      }
      for (const item of batch) item.reject(error);
      return;
    }
    if (results === 'retry' || results === 'failed') return;
    batch.forEach((item, index) => {
      const result = results[index];
      if (result.ok) item.resolve(result.value);
      else item.reject(result.value);
    });
  }

  /**
   * One transaction over the batch. Without savepoints, a throwing write rolls everything back
   * and answers 'retry' (the caller runs the batch again with savepoints); with them, it is
   * undone alone. A failed BEGIN or COMMIT rejects every caller and answers 'failed'.
   */
  private runBatch(batch: QueuedWrite[], isolated: boolean): WriteResult[] | 'retry' | 'failed' {
    const results: WriteResult[] = [];
    for (const accumulator of this.accumulators) accumulator.reset();
    try {
      this.begin.run();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return 'failed';
    }
    for (const item of batch) {
      if (!isolated) {
        try {
          results.push({ ok: true, value: item.run() });
        } catch (error) {
          // SQLite itself rolls the whole transaction back on some errors (a full disk, I/O):
          // then the batch cannot go on write by write, and each caller gets that error.
          if (!this.db.inTransaction) throw error;
          this.rollback.run();
          return 'retry';
        }
        continue;
      }
      this.savepoint.run();
      const marks = this.accumulators.map((accumulator) => accumulator.mark());
      try {
        results.push({ ok: true, value: item.run() });
        this.releaseSavepoint.run();
      } catch (error) {
        if (!this.db.inTransaction) throw error;
        this.accumulators.forEach((accumulator, index) => {
          accumulator.rewind(marks[index]);
        });
        this.rollbackTo.run();
        this.releaseSavepoint.run();
        results.push({ ok: false, value: error });
      }
    }
    try {
      for (const accumulator of this.accumulators) accumulator.flush();
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      for (const item of batch) item.reject(error);
      return 'failed';
    }
    return results;
  }
}
