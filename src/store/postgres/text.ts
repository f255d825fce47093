/**
 * PostgreSQL text cannot hold the NUL character, yet advertisers' and visitors' free text
 * (comments, action ids, referrers) must be stored as given. Free-text values are escaped with
 * U+FFFE, a Unicode noncharacter that real text does not use: NUL -> U+FFFE "0", U+FFFE ->
 * U+FFFE "1". Anything else (virtually every value) passes through unchanged, so equality
 * filters and substring search work on the stored form when their input is escaped alike.
 */

const SPECIAL = /[\u0000\uFFFE]/;
const SPECIAL_ALL = /[\u0000\uFFFE]/g;
const ESCAPED_ALL = /\uFFFE([01])/g;

/** A free-text value as stored. */
export function encodeText<T extends string | null | undefined>(value: T): T {
  if (typeof value !== 'string' || !SPECIAL.test(value)) return value;
  return value.replace(SPECIAL_ALL, (char) => (char === '\u0000' ? '\uFFFE0' : '\uFFFE1')) as T;
}

/** A stored free-text value back as it was given. */
export function decodeText<T extends string | null | undefined>(value: T): T {
  if (typeof value !== 'string' || !value.includes('\uFFFE')) return value;
  return value.replace(ESCAPED_ALL, (_, code: string) => (code === '0' ? '\u0000' : '\uFFFE')) as T;
}

/** Decodes the named fields of a row in place and returns it. */
export function decodeFields<T extends object>(row: T, fields: readonly (keyof T)[]): T {
  for (const field of fields) {
    const value = row[field];
    if (typeof value === 'string') (row as Record<keyof T, unknown>)[field] = decodeText(value);
  }
  return row;
}
