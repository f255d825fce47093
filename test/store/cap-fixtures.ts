/** Conversion and budget caps for the store suites: a rule, an offer's caps, and one postback. */
import { planCaps } from '../../src/domain/cap-plan.js';
import { type CapRule, type CapSettings, capSettings } from '../../src/domain/caps.js';
import type { Store } from '../../src/store/store.js';
import { makeClick, makeRecord } from './fixtures.js';

/** A daily conversions cap of 10 over all goals and affiliates, with these changes. */
export function rule(overrides: Partial<CapRule>): CapRule {
  return {
    id: 1,
    period: 'day',
    type: 'conversions',
    value: 10,
    goal_type: 'all',
    goals: [],
    affiliate_type: 'all',
    affiliates: [],
    ...overrides,
  };
}

/** Gives every offer of `store` these cap settings (offer currency USD). */
export function useCaps(store: Store, settings: Partial<CapSettings>): void {
  const full = capSettings(settings);
  store.setCapPlanner((c) => planCaps(full, 'USD', c));
}

/** Records a new conversion (paying 1.5, or `payout` in minor units) posted at `at` for a click of `offerId`. */
export async function record(store: Store, at: number, actionId: string, offerId = 1, payout?: number) {
  const click = makeClick({ created_at: at - 1000, offer_id: offerId });
  const command = makeRecord({ click, now: at, action_id: actionId });
  if (payout !== undefined) command.conversion.payout = payout;
  return (await store.conversions.record(command)).outcome;
}

export type Outcome = Awaited<ReturnType<typeof record>>;

export const declinedByCap = (outcome: Outcome) =>
  outcome.kind === 'created' && outcome.conversion.decline_reason === 'cap_reached';

export const counted = (outcome: Outcome) => outcome.kind === 'created' && !outcome.conversion.decline_reason;
