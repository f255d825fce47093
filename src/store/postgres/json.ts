/** Codecs for json columns (pg parses json on read; writes take JSON text). */

/** sub1..sub8 as JSON text, or null when all are empty (most clicks). */
export function encodeSubs(subs: readonly (string | null)[]): string | null {
  return subs.some((sub) => sub !== null) ? JSON.stringify(subs) : null;
}

/** The stored subs back to eight entries. */
export function decodeSubs(value: (string | null)[] | null): (string | null)[] {
  return value ?? Array(8).fill(null);
}
