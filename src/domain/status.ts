/** Conversion statuses: codes, names and the aliases accepted from outside. */

export const STATUS = { approved: 1, pending: 2, declined: 3, hold: 5 } as const;
export type StatusName = keyof typeof STATUS;
export type StatusCode = (typeof STATUS)[StatusName];

const NAMES: Record<number, StatusName> = { 1: 'approved', 2: 'pending', 3: 'declined', 5: 'hold' };

const ALIASES: Record<string, StatusCode> = {
  approved: 1,
  confirmed: 1,
  pending: 2,
  declined: 3,
  rejected: 3,
  cancelled: 3,
  canceled: 3,
  hold: 5,
  'on-hold': 5,
  '1': 1,
  '2': 2,
  '3': 3,
  '5': 5,
};

/** A status given by code or name (any case, aliases included); null when unknown. */
export function parseStatus(input: string): StatusCode | null {
  return ALIASES[input.trim().toLowerCase()] ?? null;
}

export function statusName(code: StatusCode): StatusName {
  return NAMES[code];
}

/** Statuses from which an advertiser postback may still move a conversion. */
export function isOpenStatus(code: StatusCode): boolean {
  return code === STATUS.pending || code === STATUS.hold;
}
