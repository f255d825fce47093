/**
 * Group commit for PostgreSQL: rows queued within a short window are written by one multi-row
 * INSERT (one round trip, one commit, one WAL flush) and each caller's promise settles after
 * that commit. Under load the batches grow by themselves: while `maxInFlight` batches are being
 * written, new rows wait and leave together in the next one.
 *
 * When a batch fails (one bad row fails the whole statement) its rows are written one by one,
 * so each caller gets its own outcome, as with SQLite's savepoints.
 *
 * Each batch on its way holds a slot (0 to maxInFlight - 1) that no other batch of this batcher
 * holds meanwhile. Writers of counters key their rows by it (shards.ts), so two batches of one
 * process never wait on each other's counter row locks.
 */

interface Queued<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * How rows of one kind are written: many at once (results in order, none for void), and one
 * alone; `slot` is the batch's slot, held by no other batch of the batcher until this write ends.
 */
export interface BatchWrites<T, R = void> {
  // biome-ignore lint/suspicious/noConfusingVoidType: writers of void rows return nothing at all
  many(items: T[], slot: number): Promise<R[] | void>;
  one(item: T, slot: number): Promise<R>;
}

/**
 * Batches on their way at once, per process, for a writer whose statement also upserts counter
 * rows (report counters, their rollups, cap counters). Such a statement pays for those rows
 * whatever the batch holds, so under load it pays to let the next batch grow while one is
 * written rather than to write several small ones. The paired bench measured, against the same
 * build counting nothing (docs/reports-and-caps.md, "One counted batch on its way per process"):
 * clicks 103% with one, 95% with two, 88% to 91% with four; counted postbacks 100% to 103% with
 * one, 92% to 93% with four. Writers counting nothing keep the default of four.
 */
export const COUNTED_IN_FLIGHT = 1;

/** Largest batch: bounds the statement's size and the memory one flush holds. */
const MAX_BATCH = 1000;

export class PgBatcher<T, R = void> {
  private queue: Queued<T, R>[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  /** busy[i]: slot i is held by a batch on its way. */
  private readonly busy: boolean[];
  private readonly flushes = new Set<Promise<void>>();

  constructor(
    private readonly writes: BatchWrites<T, R>,
    private readonly windowMs: number,
    maxInFlight = 4,
  ) {
    this.busy = new Array<boolean>(maxInFlight).fill(false);
  }

  /** Queues a row; resolves (with its result) once it is committed. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= MAX_BATCH) this.flush();
      else if (!this.timer) {
        this.timer =
          this.windowMs > 0 ? setTimeout(() => this.flush(), this.windowMs) : setImmediate(() => this.flush());
      }
    });
  }

  /** Writes what is queued now, unless enough batches are already on their way. */
  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    // The batch finishing next flushes again, with everything that queued up meanwhile.
    // The lowest free slot, so a lightly loaded batcher keeps to slot 0.
    const slot = this.busy.indexOf(false);
    if (this.queue.length === 0 || slot < 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.busy[slot] = true;
    const done = this.write(batch, slot).finally(() => {
      this.busy[slot] = false;
      this.flushes.delete(done);
      if (this.queue.length > 0) this.flush();
    });
    this.flushes.add(done);
  }

  private async write(batch: Queued<T, R>[], slot: number): Promise<void> {
    try {
      if (batch.length === 1) {
        batch[0].resolve(await this.writes.one(batch[0].item, slot));
        return;
      }
      const results = await this.writes.many(
        batch.map((queued) => queued.item),
        slot,
      );
      for (const [index, queued] of batch.entries()) queued.resolve((results ?? [])[index] as R);
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
    }
    await Promise.all(batch.map((queued) => this.writes.one(queued.item, slot).then(queued.resolve, queued.reject)));
  }

  /** Writes everything queued and waits for every batch on its way (at close). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushes.size > 0) {
      this.flush();
      await Promise.allSettled([...this.flushes]);
    }
  }
}
