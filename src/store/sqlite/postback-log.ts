/** The server postbacks log (docs/api.md, "Server postbacks slice"): one row per inbound postback or pixel. */
import type { PostbackLogRow } from '../../domain/entities.js';
import { objectIdKey } from '../../domain/object-id.js';
import type { PostbackLogFilter, PostbackLogRepo } from '../store.js';
import type { SqliteDb } from './connection.js';
import type { SqliteWriter } from './writer.js';
import { newestFirst, Where } from './where.js';

interface LogRow extends Omit<PostbackLogRow, 'params' | 'response'> {
  params: string;
  response: string;
}

/** Lower-cased parameter values, one per line: what `search` matches against. */
export function searchText(params: Record<string, string>): string {
  return Object.values(params).join('\n').toLowerCase();
}

/** Prepares the insert of a log row; used by the conversion write too, in its transaction. */
export function postbackLogInserter(db: SqliteDb): (row: PostbackLogRow) => void {
  const insert = db.prepare(
    `INSERT INTO postback_log (id, created_at, offer_id, advertiser_id, affiliate_id, clickid, status, goal,
       action_id, ip, integration, delta, params, response, response_status, search_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (row) => {
    insert.run(
      row.id,
      row.created_at,
      row.offer_id,
      row.advertiser_id,
      row.affiliate_id,
      row.clickid,
      row.status,
      row.goal,
      row.action_id,
      row.ip,
      row.integration,
      row.delta,
      JSON.stringify(row.params),
      JSON.stringify(row.response),
      row.response.status,
      searchText(row.params),
    );
  };
}

export function sqlitePostbackLog(db: SqliteDb, writer: SqliteWriter): PostbackLogRepo {
  const insert = postbackLogInserter(db);
  return {
    append(row) {
      return writer.write(() => insert(row));
    },
    async list(filter: PostbackLogFilter, page) {
      const where = Where.createdWithin(filter);
      where.inList('offer_id', filter.offer);
      where.inList('affiliate_id', filter.partner);
      where.inList('advertiser_id', filter.supplier);
      if (filter.click_id) where.add('clickid = ?', objectIdKey(filter.click_id));
      if (filter.action_id) where.add('action_id = ?', filter.action_id);
      if (filter.goal) where.add('lower(goal) = ?', filter.goal.toLowerCase());
      if (filter.status) where.add('lower(status) = ?', filter.status.toLowerCase());
      if (filter.response_status) where.add('response_status = ?', filter.response_status);
      if (filter.search) where.add('instr(search_text, ?) > 0', filter.search.toLowerCase());
      const found = newestFirst<LogRow>(db, 'postback_log', where, page);
      return {
        total: found.total,
        rows: found.rows.map((row) => {
          const {
            search_text: _s,
            response_status: _r,
            ...rest
          } = row as LogRow & { search_text: string; response_status: number };
          return { ...rest, params: JSON.parse(row.params), response: JSON.parse(row.response) };
        }),
      };
    },
  };
}
