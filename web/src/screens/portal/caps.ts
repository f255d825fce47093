// How a cap that applies to the affiliate reads: its limit, what is left, and the window.
import type { PartnerOffer } from './types';

type Cap = PartnerOffer['caps'][number];

const PERIOD: Record<Cap['period'], string> = { hour: 'per hour', day: 'per day', month: 'per month', all: 'in all' };

export function capText(cap: Cap): string {
  const what = cap.type === 'clicks' ? 'clicks' : 'conversions';
  const goal = cap.goal ? ` (goal ${cap.goal})` : cap.goals.length > 0 ? ` (goals ${cap.goals.join(', ')})` : '';
  return `${cap.value} ${what}${goal} ${PERIOD[cap.period]}: ${cap.remaining} left`;
}
