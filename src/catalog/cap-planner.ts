/**
 * The store's cap planner, from the in-memory catalog: a conversion's offer's caps settings as
 * the offer is now. Given to the store once at start (store.setCapPlanner).
 */
import { type CapPlanner, planCaps } from '../domain/cap-plan.js';
import { capSettings } from '../domain/caps.js';
import type { Catalog } from './cache.js';

export function catalogCapPlanner(catalog: Catalog): CapPlanner {
  return (c) => {
    const offer = catalog.offer(c.offer_id)?.offer;
    return offer ? planCaps(capSettings(offer), offer.currency, c) : null;
  };
}
