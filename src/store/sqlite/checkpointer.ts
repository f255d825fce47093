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
 * the writer holds its next batch while the worker copies the last frames: with no commit to
 * race, that pass copies everything, and the held batch's BEGIN restarts the WAL.
 *
 * The writer holds its batch, not the event loop: the last pass's fsyncs take 2 to 30 ms under
 * load, and when the main connection ran it they stalled every request. Now requests are still
 * read, checked and answered meanwhile; only those waiting for a commit wait for the hold.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

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
    parentPort.postMessage({ type: 'hold' }); // answered by 'held' once the writer holds its batch
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error) });
    schedule();
  }
}
function finish() {
  try {
    passive();
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error) });
  }
  parentPort.postMessage({ type: 'release' });
  schedule();
}
parentPort.on('message', (message) => {
  if (message === 'held') return finish();
  stopped = true;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort.close();
});
schedule();
`;

/** The writer's side: `hold` keeps queued writes from starting a transaction until `release`. */
export interface HoldableWriter {
  hold(): void;
  release(): void;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  onError?: (message: string) => void;
  /** Tests use small values to see restarts quickly. */
  restartFrames?: number;
  intervalMs?: number;
}

type WorkerMessage = { type: 'hold' } | { type: 'release' } | { type: 'error'; message: string };

/** Longest hold: a worker that does not answer in time is not waited for. */
const MAX_HOLD_MS = 1000;

/** `writer` commits on the main connection; it holds its batches while the worker finishes. */
export function startCheckpointer(
  path: string,
  writer: HoldableWriter,
  options: CheckpointerOptions = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // It holds nothing: a small heap keeps the process's memory down.
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
    workerData: {
      path,
      driver,
      intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS,
      restartFrames: options.restartFrames ?? RESTART_FRAMES,
      smallRemainder: SMALL_REMAINDER_FRAMES,
      maxPasses: MAX_PASSES,
    },
  });
  let stopping = false;
  let holdTimer: NodeJS.Timeout | null = null;
  const release = () => {
    if (!holdTimer) return;
    clearTimeout(holdTimer);
    holdTimer = null;
    writer.release();
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'error') options.onError?.(message.message);
    else if (message.type === 'release') release();
    else if (!stopping) {
      // The worker asks once it has copied nearly everything; from here no batch starts until
      // it has copied the rest (or MAX_HOLD_MS passed, so a stuck worker never stops writes).
      writer.hold();
      holdTimer = setTimeout(release, MAX_HOLD_MS);
      worker.postMessage('held');
    }
  });
  worker.unref();
  return {
    async stop() {
      stopping = true;
      release();
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
