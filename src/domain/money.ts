/**
 * Money is kept as integers in minor units of 1/10 000, converted at the edges, so sums and
 * percentages never drift the way binary floats do.
 */

/** An amount in 1/10 000 units of its currency. */
export type Minor = number;

export const MINOR_PER_UNIT = 10_000;

const DECIMAL = /^(\d{1,15})(?:\.(\d+))?$/;

/**
 * Parses a non-negative decimal ("12", "12.5", "0.00015") into minor units, rounding half up
 * past the fourth fraction digit; null when it is not such a number.
 */
export function parseMoney(text: string | number): Minor | null {
  const raw = typeof text === 'number' ? numberToPlain(text) : text.trim();
  if (raw === null) return null;
  const match = DECIMAL.exec(raw);
  if (!match) return null;
  const whole = BigInt(match[1]);
  const fraction = (match[2] ?? '').padEnd(5, '0');
  let minor = whole * 10_000n + BigInt(fraction.slice(0, 4));
  if (Number(fraction[4]) >= 5) minor += 1n;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minor);
}

function numberToPlain(value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return null;
  // toFixed avoids exponent notation; 10 digits are plenty to round at the fifth.
  return value.toFixed(10).replace(/\.?0+$/, '');
}

/** Minor units back to a JSON number with at most 4 fraction digits. */
export function toDecimal(minor: Minor): number {
  return minor / MINOR_PER_UNIT;
}

/** Minor units as a plain decimal string ("12.5"), for URLs. */
export function toDecimalString(minor: Minor): string {
  const whole = Math.floor(minor / MINOR_PER_UNIT);
  const fraction = String(minor % MINOR_PER_UNIT)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** `amount * percent / 100`, both in minor units, rounded half up to minor units. */
export function percentOf(amount: Minor, percent: Minor): Minor {
  const numerator = BigInt(amount) * BigInt(percent);
  const denominator = 100n * BigInt(MINOR_PER_UNIT);
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
