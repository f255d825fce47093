/** Conversion rows: the insert, the mapping back to a Conversion, and the filtered list. */
import { goalKey } from '../../domain/goal.js';
import type { StatusCode } from '../../domain/status.js';
import type { Conversion, ConversionIdentity, Page, PageRequest } from '../../domain/entities.js';
import { objectIdKey } from '../../domain/object-id.js';
import type { ConversionFilter } from '../store.js';
import type { PgPool } from './connection.js';
import { decodeSubs, encodeSubs } from './json.js';
import { countAndPage } from './page.js';
import { decodeFields, encodeText } from './text.js';
import { Where } from './where.js';

/** A conversions row as pg returns it (json parsed, bigints as numbers). */
export interface ConversionRow extends Omit<Conversion, 'subs' | 'status' | 'decline_reason'> {
  decline_reason: string | null;
  status: number;
  subs: (string | null)[] | null;
  goal_key: string;
  action_key: string | null;
  once_clickid: string | null;
}

/** Columns holding text as given from outside (text.ts). */
const FREE_TEXT = [
  'action_id',
  'goal',
  'goal_title',
  'comment',
  'ip',
  'country',
  'currency',
  'user_agent',
  'referrer',
] as const;

export function toConversion(row: ConversionRow): Conversion {
  const { goal_key: _g, action_key: _a, once_clickid: _o, decline_reason, ...rest } = decodeFields(row, FREE_TEXT);
  const conversion: Conversion = { ...rest, status: row.status as StatusCode, subs: decodeSubs(row.subs) };
  if (decline_reason === 'cap_reached') conversion.decline_reason = decline_reason;
  return conversion;
}

/** The columns of a conversions row, in the order of conversionParams, and their types. */
export const CONVERSION_COLUMNS = [
  'id',
  'clickid',
  'action_id',
  'offer_id',
  'advertiser_id',
  'affiliate_id',
  'goal',
  'goal_key',
  'goal_title',
  'status',
  'sum',
  'revenue',
  'payout',
  'currency',
  'country',
  'ip',
  'comment',
  'custom_fields',
  'subs',
  'click_at',
  'created_at',
  'updated_at',
  'hold_until',
  'delta',
  'action_key',
  'once_clickid',
  'decline_reason',
  'user_agent',
  'referrer',
] as const;
export const CONVERSION_TYPES = [
  'text',
  'text',
  'text',
  'bigint',
  'bigint',
  'bigint',
  'text',
  'text',
  'text',
  'smallint',
  'bigint',
  'bigint',
  'bigint',
  'text',
  'text',
  'text',
  'text',
  'json',
  'json',
  'bigint',
  'bigint',
  'bigint',
  'bigint',
  'bigint',
  'text',
  'text',
  'text',
  'text',
  'text',
] as const;

/**
 * Inserts a conversion unless one of its unique keys (id, identity, once per click) is taken.
 * Without a conflict target, DO NOTHING covers every unique index; a racing insert of the
 * same identity makes this one wait for its commit, then do nothing.
 */
export const CONVERSION_INSERT = `INSERT INTO conversions (${CONVERSION_COLUMNS.join(', ')})
  VALUES (${CONVERSION_TYPES.map((type, index) => `$${index + 1}::${type}`).join(', ')})
  ON CONFLICT DO NOTHING`;

export function conversionParams(c: Conversion, identity: ConversionIdentity): unknown[] {
  return [
    c.id,
    c.clickid,
    encodeText(c.action_id),
    c.offer_id,
    c.advertiser_id,
    c.affiliate_id,
    encodeText(c.goal),
    encodeText(identity.goal_key),
    encodeText(c.goal_title),
    c.status,
    c.sum,
    c.revenue,
    c.payout,
    encodeText(c.currency),
    encodeText(c.country),
    encodeText(c.ip),
    encodeText(c.comment),
    JSON.stringify(c.custom_fields),
    encodeSubs(c.subs),
    c.click_at,
    c.created_at,
    c.updated_at,
    c.hold_until,
    c.delta,
    encodeText(identity.action_key),
    identity.once_per_click ? c.clickid : null,
    c.decline_reason ?? null,
    encodeText(c.user_agent),
    encodeText(c.referrer),
  ];
}

/** Newest first, filtered as docs/api.md ("Conversions slice") describes. */
export async function listConversions(
  pool: PgPool,
  filter: ConversionFilter,
  page: PageRequest,
): Promise<Page<Conversion>> {
  const where = new Where();
  where.add('created_at >= $', filter.from);
  where.add('created_at < $', filter.to);
  where.anyOf('status', filter.status);
  where.anyOf('offer_id', filter.offer);
  where.anyOf('affiliate_id', filter.partner);
  where.anyOf('advertiser_id', filter.advertiser);
  where.anyOf(
    'country',
    filter.country?.map((code) => encodeText(code.toUpperCase())),
  );
  if (filter.goal) where.add('goal_key = $', encodeText(goalKey(filter.goal)));
  if (filter.action_id) where.add('action_id = $', encodeText(filter.action_id));
  if (filter.clickid) where.add('clickid = $', objectIdKey(filter.clickid));
  where.anyOf("COALESCE(decline_reason, 'none')", filter.decline_reason);
  const result = await countAndPage<ConversionRow>(pool, 'conversions', where, 'created_at DESC, id DESC', page);
  return { total: result.total, rows: result.rows.map(toConversion) };
}
