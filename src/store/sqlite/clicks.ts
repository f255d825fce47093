/** Clicks: inserted through group commit (with the clicks cap counters they join), read by primary key. */
import type { Click } from '../../domain/entities.js';
import { objectIdKey } from '../../domain/object-id.js';
import type { ClickRepo } from '../store.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';
import type { ClickTally, RefusedClick } from '../counter-deltas.js';
import type { SqliteCounters } from './counters.js';
import type { SqliteCapCounters } from './cap-counters.js';
import { decodeSubs, encodeSubs } from './json.js';

interface ClickRow {
  clickid: string;
  offer_id: number;
  affiliate_id: number;
  subs: string | null;
  ip: string;
  user_agent: string | null;
  country: string | null;
  referrer: string | null;
  created_at: number;
  uniq: number;
}

export function sqliteClicks(
  db: SqliteDb,
  writer: SqliteWriter,
  counters: SqliteCounters,
  caps: SqliteCapCounters | null,
): ClickRepo {
  const insert = db.prepare(
    `INSERT INTO clicks (clickid, offer_id, affiliate_id, subs, ip, user_agent, country, referrer, created_at, uniq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const get = db.prepare('SELECT * FROM clicks WHERE clickid = ?');
  return {
    insert(click: Click, tally?: ClickTally) {
      return writer.write(() => {
        insert.run(
          click.clickid,
          click.offer_id,
          click.affiliate_id,
          encodeSubs(click.subs),
          click.ip,
          click.user_agent,
          click.country,
          click.referrer,
          click.created_at,
          click.uniq ? 1 : 0,
        );
        if (caps && tally?.caps) for (const touch of tally.caps) caps.joinClick(touch);
        if (tally) counters.click(click, tally);
      });
    },
    refuse(refusal: RefusedClick) {
      return writer.write(() => counters.refused(refusal));
    },
    async get(clickid: string) {
      const row = get.get(objectIdKey(clickid)) as ClickRow | undefined;
      if (!row) return null;
      return { ...row, subs: decodeSubs(row.subs), uniq: row.uniq === 1 };
    },
  };
}
