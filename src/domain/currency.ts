/** Currencies: ISO-4217 codes, three upper-case letters. */
const CURRENCY = /^[A-Za-z]{3}$/;

/** The upper-case code, or null when the text is not three letters. */
export function parseCurrency(text: string): string | null {
  const trimmed = text.trim();
  return CURRENCY.test(trimmed) ? trimmed.toUpperCase() : null;
}
