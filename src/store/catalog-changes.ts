/**
 * Catalog invalidation as a property of the store: every committed write of a catalog record
 * (advertiser, affiliate, offer, affiliate postback, tracking event) tells the listeners (the
 * in-memory catalog) before the write resolves. So a handler that awaited the write answers
 * only once this process's cache holds the change, and the next request sees it; no handler
 * reloads the cache by hand. Other processes learn of it through the catalog version.
 */
export class CatalogChanges {
  private readonly listeners = new Set<() => Promise<void>>();

  /** Calls `listener` after each committed catalog write; returns the function that stops it. */
  listen(listener: () => Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called by the store after a catalog write committed; resolves when every listener has. */
  async changed(): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener()));
  }
}
