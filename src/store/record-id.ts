/**
 * Catalog record ids (advertisers, affiliates, offers, postback configs, tracking events) are
 * positive integers that JavaScript holds exactly. A number outside that range (a URL asking for
 * id 9223372036854775807, or 1e30) names no record on any backend: repositories answer it as
 * unknown without asking the database, whose bigint would refuse it as out of range.
 */

/** True when `id` can be the id of a stored record. */
export function isRecordId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1;
}
