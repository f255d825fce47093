/**
 * Which cap counters decide a click (docs/reports-and-caps.md, "Click caps"): the offer's
 * `clicks` rules that apply to the click's affiliate, which the click also joins once stored;
 * and, when the offer has `is_redirect_overcap`, its conversions and budget rules with
 * `goal_type: all` applying to the affiliate, which a click only reads. Pure (ClickCapsMemory
 * remembers results, nothing else).
 */
import { type CapTouch, ruleTouch } from './cap-plan.js';
import { type CapSettings, capSettings, counterKey, ruleApplies } from './caps.js';
import { WindowedMemory, type Within } from './windowed-memory.js';
import { windowAt } from './zone-offsets.js';

/** A click's caps: the counters it joins when stored, and the ones it only reads. */
export interface ClickCaps {
  /** Clicks rules: reached refuses the click; a stored click adds one to each. */
  joins: CapTouch[];
  /** Conversions and budget rules (is_redirect_overcap): reached refuses the click. */
  reads: CapTouch[];
}

/** The counters a click of this affiliate, now, is checked against; null when none. */
export function clickCaps(
  settings: CapSettings,
  offerId: number,
  offerCurrency: string,
  affiliateId: number,
  now: number,
): ClickCaps | null {
  return clickCapsWithin(settings, offerId, offerCurrency, affiliateId, now).value;
}

function clickCapsWithin(
  settings: CapSettings,
  offerId: number,
  offerCurrency: string,
  affiliateId: number,
  now: number,
): Within<ClickCaps | null> {
  const joins: CapTouch[] = [];
  const reads: CapTouch[] = [];
  let from = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  for (const rule of settings.caps) {
    const clicks = rule.type === 'clicks';
    if (!clicks && !(settings.is_redirect_overcap && rule.goal_type === 'all')) continue;
    if (!ruleApplies(rule, affiliateId, null)) continue;
    const window = windowAt(rule.period, settings.caps_timezone, now);
    from = Math.max(from, window.start);
    until = Math.min(until, window.end ?? Number.POSITIVE_INFINITY);
    const key = counterKey(rule, affiliateId, null);
    (clicks ? joins : reads).push(ruleTouch(rule, settings, offerId, offerCurrency, window, key, 1));
  }
  return { value: joins.length > 0 || reads.length > 0 ? { joins, reads } : null, from, until };
}

/**
 * clickCaps remembered per offer and affiliate while the clicks stay within the windows they
 * were computed for (windowed-memory.ts). The clicks of a capped offer then share one set of
 * touches, made once per window instead of once per click, and the stores recognise them
 * without rebuilding their keys (cap-sql.ts, counterId).
 */
export class ClickCapsMemory {
  private readonly memory = new WindowedMemory<number, ClickCaps | null>();

  get(
    offer: Partial<CapSettings> & { id: number; currency: string },
    affiliateId: number,
    now: number,
  ): ClickCaps | null {
    return this.memory.get(offer, affiliateId, now, () =>
      clickCapsWithin(capSettings(offer), offer.id, offer.currency, affiliateId, now),
    );
  }
}

/** Whether any counter is reached, given their current values in the same order. */
export function anyReached(touches: readonly CapTouch[], values: readonly number[]): boolean {
  return touches.some((touch, i) => values[i] >= touch.limit);
}
