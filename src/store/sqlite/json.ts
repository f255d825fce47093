/** Small codecs for columns kept as JSON text. */

/** sub1..sub8 as a JSON array, or null when all are empty (most clicks). */
export function encodeSubs(subs: readonly (string | null)[]): string | null {
  return subs.some((sub) => sub !== null) ? JSON.stringify(subs) : null;
}

export function decodeSubs(text: string | null): (string | null)[] {
  return text ? (JSON.parse(text) as (string | null)[]) : Array(8).fill(null);
}
