/** Goal (event) values: the rule for a valid value and the case-insensitive key they match by. */

/** The goal an advertiser postback means when it names none. */
export const DEFAULT_GOAL = '1';

const GOAL_VALUE = /^[A-Za-z0-9_-]{1,64}$/;

/** Why a goal value is invalid, or null when it is valid. */
export function goalValueProblem(value: string): string | null {
  if (value.length === 0 || value.length > 64) return 'must be 1-64 characters long';
  if (!GOAL_VALUE.test(value)) return 'may contain only letters, digits, "_" and "-"';
  if (value === '0') return 'must not be "0"';
  return null;
}

/** Goals match case-insensitively: "Install" and "install" are one goal. */
export function goalKey(value: string): string {
  return value.toLowerCase();
}
