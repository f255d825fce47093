/**
 * Reading a screen's URL search parameters (its filters and page) back into typed values. Each
 * route's `validateSearch` uses these, so a hand-edited or old bookmark never breaks a screen:
 * a value that does not fit is simply dropped.
 */

/** A string, or undefined when absent or empty. */
export const text = (value: unknown): string | undefined =>
  value === undefined || value === null || value === '' ? undefined : String(value);

/** A positive whole number, or undefined. */
export const whole = (value: unknown): number | undefined => {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : undefined;
};

/** A day, `YYYY-MM-DD`, or undefined. */
export const day = (value: unknown): string | undefined =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;

/** One of a few fixed strings, or undefined. */
export const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined;

/** Today and `days - 1` days before it, as UTC days: a log's default range. */
export function lastDays(days: number): { date_from: string; date_to: string } {
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { date_from: from.toISOString().slice(0, 10), date_to: to.toISOString().slice(0, 10) };
}

/** The search without the keys whose value is undefined or empty (a tidy URL). */
export function tidy<T extends Record<string, unknown>>(search: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(search).filter(([, value]) => value !== undefined && value !== ''),
  ) as Partial<T>;
}

/** A list screen's URL: its filters by the API's own parameter names, the page and its size. */
export type FilterSearch = { page?: number; limit?: number } & { [filter: string]: string | number | undefined };

/**
 * The `validateSearch` of a list screen whose filters are `keys` (text values; `date_from` and
 * `date_to` must be days). Anything else in the URL is dropped.
 */
export function filterSearch(keys: readonly string[]) {
  return (search: Record<string, unknown>): FilterSearch => {
    const out: FilterSearch = {};
    for (const key of keys) {
      const value = key === 'date_from' || key === 'date_to' ? day(search[key]) : text(search[key]);
      if (value !== undefined) out[key] = value;
    }
    const page = whole(search.page);
    const limit = whole(search.limit);
    if (page !== undefined) out.page = page;
    if (limit !== undefined) out.limit = limit;
    return out;
  };
}

/** The API query of a list screen: its filters, dates defaulting to the last `days` days. */
export function sliceQuery(search: FilterSearch, days = 7): Record<string, string> {
  const dates = lastDays(days);
  const query: Record<string, string> = { date_from: dates.date_from, date_to: dates.date_to };
  for (const [key, value] of Object.entries(search)) {
    if (key !== 'page' && key !== 'limit' && value !== undefined && value !== '') query[key] = String(value);
  }
  return query;
}

/** A plain list's search: only its page and page size, both in the URL. */
export const pagingSearch = (search: Record<string, unknown>): { page?: number; limit?: number } =>
  tidy({ page: whole(search.page), limit: whole(search.limit) });
