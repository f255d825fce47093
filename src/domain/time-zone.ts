/**
 * Days in an IANA time zone as UTC instants. Statistics take `date_from`/`date_to` as days of
 * the caller's `timezone` (Affise's clients send one with every report), so a day starts at that
 * zone's local midnight, which moves with daylight saving time. Node's bundled ICU knows the
 * zones; no table is shipped with the project.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter of a zone, or null when the name is not an IANA zone Node knows. */
function formatter(zone: string): Intl.DateTimeFormat | null {
  let format = formatters.get(zone);
  if (format) return format;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return null;
  }
  // Bounded: only names that parsed are kept, and there are a few hundred of them.
  formatters.set(zone, format);
  return format;
}

/** True when `zone` names a time zone (`Europe/Berlin`, `UTC`, `Etc/GMT+3`, ...). */
export function isTimeZone(zone: string): boolean {
  return zone.length > 0 && zone.length <= 64 && formatter(zone) !== null;
}

/** The zone's offset from UTC at instant `ms`, in ms (positive east of Greenwich). */
function offsetAt(format: Intl.DateTimeFormat, ms: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return local - (ms - (ms % 1000));
}

/**
 * The instant at which the day `dayUtcMs` (midnight UTC of that calendar date) begins in `zone`.
 * Two passes settle a day whose start lies near a daylight-saving change.
 */
export function zoneDayStart(dayUtcMs: number, zone: string): number {
  const format = formatter(zone);
  if (!format) throw new RangeError(`unknown time zone ${zone}`);
  let guess = dayUtcMs - offsetAt(format, dayUtcMs);
  guess = dayUtcMs - offsetAt(format, guess);
  return guess;
}
