/**
 * Click lookups on a worker thread. A postback's click is a random row of the largest table,
 * so its lookup usually reads a page from disk: the costliest single step of a postback on the
 * event loop. A worker with its own connection does it on the other core; WAL lets it read
 * while the main connection writes, and it sees every committed click (a click is committed
 * before its redirect is sent, so before any postback can name it).
 *
 * Requests are batched per turn of the event loop, one message each way per batch.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

// Plain CommonJS evaluated in the worker: no TypeScript loader is needed there.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('query_only = ON');
db.pragma('cache_size = ' + workerData.cacheSize);
const get = db.prepare('SELECT * FROM clicks WHERE clickid = ?');
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, rows: message.clickids.map((clickid) => get.get(clickid) ?? null) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error) });
  }
});
`;

interface Pending {
  resolve: (rows: unknown[]) => void;
  reject: (error: Error) => void;
}

export interface ClickReader {
  /** The clicks row of `clickid`, or null; rejects when the worker has failed. */
  read(clickid: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** `cacheSize` is SQLite's cache_size pragma for the worker's connection (negative: KiB). */
export function startClickReader(path: string, cacheSize: number): ClickReader {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver, cacheSize },
    // It holds a few rows at a time: a small heap keeps the process's memory down.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let queued: { clickid: string; resolve: (row: unknown) => void; reject: (error: Error) => void }[] = [];
  let failed: Error | null = null;

  const failAll = (error: Error) => {
    failed = error;
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };
  worker.on('message', (message: { id: number; rows?: unknown[]; error?: string }) => {
    const entry = pending.get(message.id);
    pending.delete(message.id);
    if (pending.size === 0) worker.unref();
    if (!entry) return;
    if (message.rows) entry.resolve(message.rows);
    else entry.reject(new Error(message.error ?? 'click lookup failed'));
  });
  worker.on('error', failAll);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => {
    failAll(new Error('the click reader stopped'));
    resolve();
  }));
  worker.unref();

  const send = () => {
    const batch = queued;
    queued = [];
    if (failed) {
      for (const item of batch) item.reject(failed);
      return;
    }
    const id = nextId++;
    pending.set(id, {
      resolve: (rows) => batch.forEach((item, index) => item.resolve(rows[index])),
      reject: (error) => batch.forEach((item) => item.reject(error)),
    });
    // Held while lookups are outstanding, so the process does not exit under them.
    if (pending.size === 1) worker.ref();
    worker.postMessage({ id, clickids: batch.map((item) => item.clickid) });
  };

  return {
    read(clickid) {
      return new Promise((resolve, reject) => {
        if (queued.length === 0) setImmediate(send);
        queued.push({ clickid, resolve, reject });
      });
    },
    async stop() {
      if (failed) return exited;
      worker.ref();
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
