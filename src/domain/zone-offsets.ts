/**
 * Time-zone arithmetic for statistics, reports and cap windows, from the runtime's IANA database
 * (Intl, so no table ships with the project): local midnights, the offsets in force over a
 * range, and hour/day/month windows. Statistics take `date_from`/`date_to` as days of the
 * caller's `timezone`, so a day starts at that zone's local midnight, which moves with daylight
 * saving time. Every zone
 * in use today has an offset that is a whole number of quarter hours (India +5:30, Nepal +5:45,
 * Newfoundland -3:30), so local days and hours are whole sets of UTC quarter hours.
 */

const QUARTER_MS = 900_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The cached formatter of a zone; throws RangeError for an unknown zone. */
function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, found);
  }
  return found;
}

/** True when the runtime knows the IANA zone name (`UTC` included). */
export function isZoneName(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `ms`, in minutes (India: 330). */
export function offsetMinutes(zone: string, ms: number): number {
  if (zone === 'UTC') return 0;
  const parts = formatter(zone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The UTC instant at which the local day `y-m-d` begins (m 1-12; days may overflow). */
export function localMidnight(zone: string, y: number, m: number, d: number): number {
  const wall = Date.UTC(y, m - 1, d);
  let guess = wall - offsetMinutes(zone, wall) * 60_000;
  const corrected = wall - offsetMinutes(zone, guess) * 60_000;
  // Where midnight falls in a skipped hour, the day begins at the first instant after the gap.
  guess = offsetMinutes(zone, corrected) === offsetMinutes(zone, guess) ? corrected : Math.max(guess, corrected);
  return guess;
}

/** The instant at which a calendar day, given as midnight UTC of that date, begins in `zone`. */
export function zoneDayStart(dayUtcMs: number, zone: string): number {
  const day = new Date(dayUtcMs);
  return localMidnight(zone, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
}

/** The local calendar date at `ms`: year, month (1-12), day. */
export function localDate(zone: string, ms: number): { y: number; m: number; d: number } {
  const local = new Date(ms + offsetMinutes(zone, ms) * 60_000);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() };
}

/** A stretch of time over which a zone keeps one offset: from `fromQ` (inclusive), in quarters. */
export interface OffsetSegment {
  fromQ: number;
  offsetQ: number;
}

/** Offset changes of one zone in one UTC year, found once and kept. */
const changesByYear = new Map<string, OffsetSegment[]>();

/**
 * Where the zone's offset changes within a UTC year, in quarter hours. The offset is sampled
 * daily and each change located to its quarter hour by bisection; no zone changes its offset
 * twice within a day.
 */
function yearChanges(zone: string, year: number): OffsetSegment[] {
  const key = `${zone}\u0000${year}`;
  const cached = changesByYear.get(key);
  if (cached) return cached;
  const quarterOffset = (q: number) => offsetMinutes(zone, q * QUARTER_MS) / 15;
  const changes: OffsetSegment[] = [];
  const end = Date.UTC(year + 1, 0, 1) / QUARTER_MS;
  let previousQ = Date.UTC(year, 0, 1) / QUARTER_MS;
  let current = quarterOffset(previousQ);
  for (let q = previousQ + 96; previousQ < end; q += 96) {
    const sample = Math.min(q, end);
    const offset = quarterOffset(sample);
    if (offset !== current) {
      let low = previousQ;
      let high = sample;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (quarterOffset(middle) === current) low = middle;
        else high = middle;
      }
      changes.push({ fromQ: high, offsetQ: offset });
      current = offset;
    }
    previousQ = sample;
  }
  changesByYear.set(key, changes);
  return changes;
}

/** The offsets in force in [fromMs, toMs), as segments in UTC quarter hours. */
export function offsetSegments(zone: string, fromMs: number, toMs: number): OffsetSegment[] {
  const fromQ = Math.floor(fromMs / QUARTER_MS);
  const segments: OffsetSegment[] = [{ fromQ, offsetQ: offsetMinutes(zone, fromMs) / 15 }];
  if (zone === 'UTC') return segments;
  const toQ = Math.ceil(toMs / QUARTER_MS);
  const last = new Date(toMs).getUTCFullYear();
  for (let year = new Date(fromMs).getUTCFullYear(); year <= last; year++) {
    for (const change of yearChanges(zone, year)) {
      if (change.fromQ > fromQ && change.fromQ < toQ) segments.push(change);
    }
  }
  return segments;
}

/** A cap window: its first instant and the instant it resets (null: never). */
export interface Window {
  readonly start: number;
  readonly end: number | null;
}

const ALL_TIME: Window = { start: 0, end: null };

/**
 * The last window computed per period and zone. Every click and postback of a capped offer asks
 * for the window it falls in, nearly always the one asked for last; computing it takes about ten
 * calls to Intl (some 50 µs in a zone other than UTC), looking it up next to nothing.
 */
const lastWindows = new Map<string, Window>();

/** Zones × periods remembered at most; beyond, all forgotten. */
const MAX_REMEMBERED_WINDOWS = 1_000;

/** The clock hour, calendar day or calendar month in `zone` that contains `ms`, or all time. */
export function windowAt(period: 'hour' | 'day' | 'month' | 'all', zone: string, ms: number): Window {
  if (period === 'all') return ALL_TIME;
  const key = `${period}\u0000${zone}`;
  const last = lastWindows.get(key);
  if (last && last.start <= ms && ms < (last.end ?? Number.POSITIVE_INFINITY)) return last;
  const window = computeWindow(period, zone, ms);
  // Every instant of a local day (or month) has that day for its date, so the same window: it
  // stands for all of them. An hour's start comes from the offset, the same for all of its
  // instants unless the offset changes within it (a half-hour shift): then it is not kept.
  if (period !== 'hour' || offsetSegments(zone, window.start, window.end ?? window.start).length === 1) {
    if (lastWindows.size >= MAX_REMEMBERED_WINDOWS) lastWindows.clear();
    lastWindows.set(key, window);
  }
  return window;
}

/** windowAt, computed afresh (without the last windows). */
export function computeWindow(period: 'hour' | 'day' | 'month', zone: string, ms: number): Window {
  if (period === 'hour') {
    const offset = offsetMinutes(zone, ms) * 60_000;
    const start = Math.floor((ms + offset) / HOUR_MS) * HOUR_MS - offset;
    return { start, end: start + HOUR_MS };
  }
  const { y, m, d } = localDate(zone, ms);
  if (period === 'day') return { start: localMidnight(zone, y, m, d), end: localMidnight(zone, y, m, d + 1) };
  return { start: localMidnight(zone, y, m, 1), end: localMidnight(zone, y, m + 1, 1) };
}
