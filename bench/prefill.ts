/**
 * Writing clicks straight into the SQLite file, fast: prepared inserts, one transaction per
 * 100 000 rows, time-ordered click ids (so every insert lands at the right edge of the primary
 * key, as live clicks do). Used for `--prefill N` before the measured server starts, and to top up the
 * pool of clicks the postback load converts (the server may be running: WAL lets a second
 * connection write between load phases).
 */
import Database from 'better-sqlite3';
import { newObjectId } from '../src/domain/object-id.js';

const USER_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'BR', 'IN', null];

export interface PrefillOptions {
  offerId: number;
  affiliateId: number;
  count: number;
  /** Click times are spread evenly over [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /** How many of the inserted ids to hand back, sampled uniformly (reservoir); 0: none. */
  sample: number;
  /** Rows per transaction. */
  batch?: number;
  onProgress?: (done: number) => void;
}

/** Inserts `count` clicks; returns a uniform sample of their ids (in random order). */
export function insertClicks(path: string, options: PrefillOptions): string[] {
  // The server made and migrated the file; this connection writes beside it as the server's
  // own does (WAL, no automatic checkpoint). A setup step: durability does not matter here.
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('journal_size_limit = 67108864');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO clicks (clickid, offer_id, affiliate_id, subs, ip, user_agent, country, referrer, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const batch = options.batch ?? 100_000;
  const span = Math.max(1, options.toMs - options.fromMs);
  const sample: string[] = [];
  let seen = 0;
  const subs: (string | null)[] = Array(8).fill(null);
  const insertBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const createdAt = options.fromMs + Math.floor((i * span) / options.count);
      const clickid = newObjectId(createdAt);
      subs[0] = i % 3 === 0 ? `src${i % 97}` : null;
      insert.run(
        clickid,
        options.offerId,
        options.affiliateId,
        subs.some((sub) => sub !== null) ? JSON.stringify(subs) : null,
        `198.51.${(i >> 8) & 255}.${i & 255}`,
        USER_AGENTS[i % USER_AGENTS.length],
        COUNTRIES[i % COUNTRIES.length],
        null,
        createdAt,
      );
      if (options.sample > 0) {
        seen++;
        if (sample.length < options.sample) sample.push(clickid);
        else {
          const slot = Math.floor(Math.random() * seen);
          if (slot < options.sample) sample[slot] = clickid;
        }
      }
    }
  });
  try {
    for (let from = 0; from < options.count; from += batch) {
      const to = Math.min(options.count, from + batch);
      insertBatch.immediate(from, to);
      options.onProgress?.(to);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  shuffle(sample);
  return sample;
}

export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Ids of the clicks of `affiliateId` made at or after `sinceMs` (read-only), in random order. */
export function readClickIds(path: string, affiliateId: number, sinceMs: number, limit: number): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const ids = db
      .prepare('SELECT clickid FROM clicks WHERE affiliate_id = ? AND created_at >= ? LIMIT ?')
      .pluck()
      .all(affiliateId, sinceMs, limit) as string[];
    return shuffle(ids);
  } finally {
    db.close();
  }
}
