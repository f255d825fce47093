/** How the console writes values: times, durations, statuses. */

/** `2026-11-26 12:00:05` (UTC) from an ISO time. */
export const dateTime = (iso: string | null | undefined): string =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '';

/** `3h 5m`, `42s` from seconds. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** A conversion status's name from its code (1 approved, 2 pending, 3 declined, 5 hold). */
export const STATUS_NAMES: Record<number, string> = { 1: 'approved', 2: 'pending', 3: 'declined', 5: 'hold' };
export const statusName = (code: number | undefined): string =>
  code === undefined ? '' : (STATUS_NAMES[code] ?? String(code));
