/**
 * The store's cap planner, from the in-memory catalog: a conversion's offer's caps settings as
 * the offer is now. Given to the store once at start (store.setCapPlanner).
 */
import { CapPlanMemory, type CapPlanner } from '../domain/cap-plan.js';
import type { Catalog } from './cache.js';

export function catalogCapPlanner(catalog: Catalog): CapPlanner {
  // A capped offer's conversions share their plan while within the same windows.
  const plans = new CapPlanMemory();
  return (c) => {
    const offer = catalog.offer(c.offer_id)?.offer;
    return offer ? plans.plan(offer, c) : null;
  };
}
