/**
 * Conversions on SQLite. A postback's conversion, its log row and the outbound jobs it causes
 * are written in one group-commit write; the unique indexes decide which of two racing
 * postbacks creates the conversion (INSERT … ON CONFLICT DO NOTHING), never a read beforehand.
 */
import { outcomeResponse, planRepeat, planStatusChange } from '../../domain/existing-conversion.js';
import { goalKey } from '../../domain/goal.js';
import type { StatusCode } from '../../domain/status.js';
import type { Conversion, Page, PageRequest } from '../../domain/entities.js';
import { objectIdKey } from '../../domain/object-id.js';
import type { Outbox } from '../outbox.js';
import type { ConversionFilter, ConversionRepo } from '../store.js';
import type {
  ConversionEvent,
  QueuedJob,
  RecordConversion,
  Recorded,
  RecordOutcome,
  SetConversionStatus,
  StatusSet,
} from '../../domain/commands.js';
import type { SqliteDb } from './connection.js';
import { decodeSubs, encodeSubs } from './json.js';
import { outboundJobInserter } from './outbound-insert.js';
import { postbackLogInserter } from './postback-log.js';
import { newestFirst, Where } from './where.js';
import type { SqliteWriter } from './writer.js';
import { type CapTouch, capShift, declinedByCap, leavesCapDecline } from '../../domain/cap-plan.js';
import type { CapSlot } from '../cap-slot.js';
import type { SqliteCapCounters } from './cap-counters.js';
import type { SqliteCounters } from './counters.js';

interface ConversionRow extends Omit<Conversion, 'custom_fields' | 'subs' | 'status' | 'decline_reason'> {
  decline_reason: string | null;
  status: number;
  custom_fields: string;
  subs: string | null;
  goal_key: string;
  action_key: string | null;
  once_clickid: string | null;
}

function toConversion(row: ConversionRow): Conversion {
  const { goal_key: _g, action_key: _a, once_clickid: _o, decline_reason, ...rest } = row;
  const conversion: Conversion = {
    ...rest,
    status: row.status as StatusCode,
    custom_fields: JSON.parse(row.custom_fields) as Record<string, string>,
    subs: decodeSubs(row.subs),
  };
  if (decline_reason === 'cap_reached') conversion.decline_reason = decline_reason;
  return conversion;
}

export function sqliteConversions(
  db: SqliteDb,
  writer: SqliteWriter,
  outbox: Outbox,
  counters: SqliteCounters,
  caps: CapSlot,
  capSql: SqliteCapCounters,
): ConversionRepo {
  const insert = db.prepare(
    `INSERT INTO conversions (id, clickid, action_id, offer_id, advertiser_id, affiliate_id, goal, goal_key, goal_title,
       status, sum, revenue, payout, currency, country, ip, comment, custom_fields, subs, click_at, created_at,
       updated_at, hold_until, delta, action_key, once_clickid, decline_reason, user_agent, referrer)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const byIdentity = db.prepare('SELECT * FROM conversions WHERE offer_id = ? AND goal_key = ? AND action_key = ?');
  const byOncePerClick = db.prepare('SELECT * FROM conversions WHERE once_clickid = ? AND goal_key = ?');
  const byId = db.prepare('SELECT * FROM conversions WHERE id = ?');
  const update = db.prepare(
    'UPDATE conversions SET status = ?, comment = ?, hold_until = ?, updated_at = ?, decline_reason = ? WHERE id = ?',
  );
  const dueHolds = db.prepare(
    'SELECT * FROM conversions WHERE status = 5 AND hold_until <= ? ORDER BY hold_until LIMIT ?',
  );
  const insertLog = postbackLogInserter(db);
  const insertJob = outboundJobInserter(db);

  /** Runs inside the write: the event's jobs go in with it (the outbox); returns them. */
  function queueJobs(event: ConversionEvent, now: number): QueuedJob[] {
    return outbox.jobsFor(event).map((job) => ({ id: insertJob(job, now), job }));
  }

  function applyChange(
    current: Conversion,
    changed: Conversion,
    integration: ConversionEvent['integration'],
  ): QueuedJob[] {
    const next = leavesCapDecline(current, changed);
    update.run(next.status, next.comment, next.hold_until, next.updated_at, next.decline_reason ?? null, next.id);
    if (next.status === current.status) return [];
    counters.conversion(current, current.status, current.decline_reason === 'cap_reached', -1);
    counters.conversion(next, next.status, next.decline_reason === 'cap_reached', 1);
    const plan = caps.plan(current);
    if (plan) {
      const shift = capShift(plan, [current.status, current.decline_reason ?? null], [next.status, null]);
      if (shift !== 0) for (const touch of plan.touches) capSql.move(touch, shift * touch.amount);
    }
    return queueJobs({ conversion: next, previous_status: current.status, integration }, next.updated_at);
  }

  /** Tells the outbox what the committed write queued, and passes the result on. */
  async function afterCommit<T extends { queued: QueuedJob[] }>(write: Promise<T>): Promise<T> {
    const result = await write;
    outbox.committed(result.queued.length);
    return result;
  }

  function recordNow(command: RecordConversion): Recorded {
    const identity = command.identity;
    let c = command.conversion;
    const plan = caps.plan(c);
    let taken: CapTouch[] = [];
    if (plan?.counts(c.status, null)) {
      const took = capSql.take(plan.touches);
      if (took === null) c = declinedByCap(c);
      else taken = took;
    }
    const inserted =
      insert.run(
        c.id,
        c.clickid,
        c.action_id,
        c.offer_id,
        c.advertiser_id,
        c.affiliate_id,
        c.goal,
        identity.goal_key,
        c.goal_title,
        c.status,
        c.sum,
        c.revenue,
        c.payout,
        c.currency,
        c.country,
        c.ip,
        c.comment,
        JSON.stringify(c.custom_fields),
        encodeSubs(c.subs),
        c.click_at,
        c.created_at,
        c.updated_at,
        c.hold_until,
        c.delta,
        identity.action_key,
        identity.once_per_click ? c.clickid : null,
        c.decline_reason ?? null,
        c.user_agent,
        c.referrer,
      ).changes > 0;
    let outcome: RecordOutcome;
    let queued: QueuedJob[] = [];
    if (inserted) {
      counters.conversion(c, c.status, c.decline_reason === 'cap_reached', 1);
      outcome = { kind: 'created', conversion: c };
      queued = queueJobs({ conversion: c, previous_status: null, integration: command.log.integration }, c.created_at);
    } else {
      for (const touch of taken) capSql.move(touch, -touch.amount);
      const row = ((identity.action_key !== null
        ? byIdentity.get(identity.offer_id, identity.goal_key, identity.action_key)
        : undefined) ?? (identity.once_per_click ? byOncePerClick.get(c.clickid, identity.goal_key) : undefined)) as
        | ConversionRow
        | undefined;
      if (!row) throw new Error(`conversion ${c.id} conflicted with no row of its identity`);
      const current = toConversion(row);
      const plan = planRepeat(current, command);
      if (plan.kind === 'updated') {
        queued = applyChange(current, plan.next, command.log.integration);
        outcome = { kind: 'updated', conversion: plan.next };
      } else {
        outcome = plan;
      }
    }
    insertLog({ ...command.log, response: outcomeResponse(outcome) });
    return { outcome, queued };
  }

  function setStatusNow(command: SetConversionStatus): StatusSet {
    const row = byId.get(command.id) as ConversionRow | undefined;
    if (!row) return { conversion: null, queued: [] };
    const current = toConversion(row);
    const plan = planStatusChange(current, command, Date.now());
    if (plan.kind === 'refused') return { conversion: null, queued: [] };
    if (plan.kind === 'unchanged') return { conversion: plan.current, queued: [] };
    return { conversion: plan.next, queued: applyChange(current, plan.next, command.integration) };
  }

  return {
    record(command) {
      return afterCommit(writer.write(() => recordNow(command)));
    },
    setStatus(command) {
      return afterCommit(writer.write(() => setStatusNow(command)));
    },
    async get(id) {
      const row = byId.get(id) as ConversionRow | undefined;
      return row ? toConversion(row) : null;
    },
    async list(filter: ConversionFilter, page: PageRequest): Promise<Page<Conversion>> {
      const where = Where.createdWithin(filter);
      where.inList('status', filter.status);
      where.inList('offer_id', filter.offer);
      where.inList('affiliate_id', filter.partner);
      where.inList('advertiser_id', filter.advertiser);
      where.inList(
        'country',
        filter.country?.map((code) => code.toUpperCase()),
      );
      if (filter.goal) where.add('goal_key = ?', goalKey(filter.goal));
      if (filter.action_id) where.add('action_id = ?', filter.action_id);
      if (filter.clickid) where.add('clickid = ?', objectIdKey(filter.clickid));
      where.inList("COALESCE(decline_reason, 'none')", filter.decline_reason);
      const found = newestFirst<ConversionRow>(db, 'conversions', where, page);
      return { rows: found.rows.map(toConversion), total: found.total };
    },
    async dueHolds(now, limit) {
      return (dueHolds.all(now, limit) as ConversionRow[]).map(toConversion);
    },
  };
}
