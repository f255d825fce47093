/**
 * Values computed from an offer's cap rules for one instant, remembered per offer and key while
 * later instants stay inside the stretch [from, until) over which the computation gives the
 * same (the cap windows it used). The offer is the catalog's object: a catalog reload (a changed
 * rule) brings new objects, so nothing is remembered past a change. Pure: memory, nothing else.
 */

/** A computed value and the stretch of time it holds for. */
export interface Within<T> {
  value: T;
  from: number;
  until: number;
}

/** Keys remembered per offer at most; beyond, the offer's are all forgotten. */
const MAX_KEYS_PER_OFFER = 10_000;

export class WindowedMemory<K, T> {
  private readonly byOffer = new WeakMap<object, Map<K, Within<T>>>();

  /** The value for `offer` and `key` at `at`: remembered, or `compute()`d and remembered. */
  get(offer: object, key: K, at: number, compute: () => Within<T>): T {
    let known = this.byOffer.get(offer);
    if (!known) {
      known = new Map();
      this.byOffer.set(offer, known);
    }
    const entry = known.get(key);
    if (entry && entry.from <= at && at < entry.until) return entry.value;
    const computed = compute();
    if (known.size >= MAX_KEYS_PER_OFFER) known.clear();
    known.set(key, computed);
    return computed.value;
  }
}
