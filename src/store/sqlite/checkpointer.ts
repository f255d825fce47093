/**
 * WAL checkpoints off the event loop, and a WAL that stays small under sustained writes.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses the threshold, on the
 * committing connection: here that is the main thread, and a checkpoint of a few thousand
 * pages (copies plus fsyncs) would stall every request for milliseconds. So the main
 * connection turns automatic checkpoints off, and a worker thread with its own connection
 * runs PASSIVE checkpoints, which never block the writer.
 *
 * A checkpoint alone does not shrink the WAL: SQLite writes the WAL from its beginning again
 * only when a write transaction begins after a checkpoint copied every frame. Under a steady
 * load some commit always lands while the worker copies, so the WAL would grow for as long as
 * the load lasts (hundreds of MB a minute, every page read searching a larger WAL index). So
 * once the WAL holds `restartFrames`, the worker copies until a pass finds little new, then
 * asks the main thread to copy the last few frames itself: the writer's own checkpoint cannot
 * race a commit, so it completes, and the next batch's BEGIN restarts the WAL.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { SqliteDb } from './connection.js';

const CHECKPOINT_INTERVAL_MS = 200;
/** About 16 MB of WAL (4 KB pages). */
const RESTART_FRAMES = 4096;
/** The main thread finishes once a worker pass copied fewer new frames than this (256 KB). */
const SMALL_REMAINDER_FRAMES = 64;
/** Worker passes before the main thread finishes, whatever is left. */
const MAX_PASSES = 8;

// Plain CommonJS evaluated in the worker: no TypeScript loader is needed there.
// wal_checkpoint(PASSIVE) answers { busy, log, checkpointed }: frames in the WAL, frames copied.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
let timer = null;
let stopped = false;
const passive = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
function schedule() {
  if (!stopped) timer = setTimeout(tick, workerData.intervalMs);
}
function tick() {
  timer = null;
  try {
    let result = passive();
    if (result.log < workerData.restartFrames) return schedule();
    for (let pass = 1; pass < workerData.maxPasses; pass++) {
      const before = result.log;
      result = passive();
      if (result.log - before < workerData.smallRemainder) break;
    }
    parentPort.postMessage({ type: 'finish' }); // answered by 'finished'
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error) });
    schedule();
  }
}
parentPort.on('message', (message) => {
  if (message === 'finished') return schedule();
  stopped = true;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort.close();
});
schedule();
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  onError?: (message: string) => void;
  /** Tests use small values to see restarts quickly. */
  restartFrames?: number;
  intervalMs?: number;
}

type WorkerMessage = { type: 'finish' } | { type: 'error'; message: string };

/** `db` is the main (writing) connection, which copies the last frames before a restart. */
export function startCheckpointer(path: string, db: SqliteDb, options: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // It holds nothing: a small heap keeps the process's memory down.
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
    workerData: {
      path, driver,
      intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS,
      restartFrames: options.restartFrames ?? RESTART_FRAMES,
      smallRemainder: SMALL_REMAINDER_FRAMES,
      maxPasses: MAX_PASSES,
    },
  });
  let stopping = false;
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'error') {
      options.onError?.(message.message);
      return;
    }
    if (stopping || !db.open) return;
    // Writes are synchronous, so between two events no transaction is open on this connection.
    try {
      if (!db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      options.onError?.(String(error));
    }
    worker.postMessage('finished');
  });
  worker.unref();
  return {
    async stop() {
      stopping = true;
      // Held while stopping, so the process waits for the worker's connection to close.
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
