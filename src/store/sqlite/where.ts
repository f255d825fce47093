/** Helpers for building WHERE clauses from optional filters. */

/** Adds `column IN (?, ?, …)` when the list has values. */
export function inList(where: string[], args: unknown[], column: string, values: readonly unknown[] | undefined): void {
  if (!values || values.length === 0) return;
  where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
  args.push(...values);
}
