/**
 * Where the store keeps the cap planner it is given once at start (store.setCapPlanner), the
 * way it keeps its fan-out rules: the store decides caps inside a conversion's transaction, but
 * the offer's rules come from the catalog. No planner (or counters off): no caps.
 */
import type { CapPlan, CapPlanner, CapSubject } from '../domain/cap-plan.js';
import type { CapCounterRepo } from './store.js';

export class CapSlot {
  private planner: CapPlanner | null = null;

  constructor(private readonly enabled: boolean) {}

  set(planner: CapPlanner): void {
    this.planner = planner;
  }

  /** The conversion's caps, or null when it has none. */
  plan(subject: CapSubject): CapPlan | null {
    if (!this.enabled || !this.planner) return null;
    const plan = this.planner(subject);
    return plan && plan.touches.length > 0 ? plan : null;
  }
}

/** The cap counters of a store that keeps none (STATS_COUNTERS=off): nothing is ever reached. */
export const NO_CAP_COUNTERS: CapCounterRepo = {
  values: async (touches) => touches.map(() => 0),
  reachedAtClick: async () => false,
  rows: async () => [],
};
