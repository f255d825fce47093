/**
 * Checks of admin API fields that a JSON schema cannot express (addresses, macros, money,
 * references to other records). Each throws badRequest with a text naming the field, in the
 * same `field: problem` form the schema errors use.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { invalidIpEntry } from '../domain/ip-list.js';
import { httpUrlProblem, unknownMacroProblem } from '../domain/macros.js';
import { parseMoney, type Minor } from '../domain/money.js';
import { parseStatus, type StatusCode } from '../domain/status.js';
import { badRequest } from '../http/errors.js';

/** Schema of an optional text that may be cleared with null or "". */
export const NullableText = (maxLength: number, description?: string) =>
  Type.Union([Type.String({ maxLength }), Type.Null()], { description });

/** Schema of a list of record ids. */
export const IdList = (description: string) =>
  Type.Array(Type.Integer({ minimum: 1 }), { description, maxItems: 10_000 });

/** Schema of an IP whitelist. */
export const IpListSchema = Type.Array(Type.String({ maxLength: 100 }), {
  maxItems: 1000,
  description: 'Addresses, CIDR blocks or a.b.c.d-e.f.g.h ranges; empty: any address',
});

/** "" and null both mean "not set". */
export function textOrNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A required text: trimmed, not empty. */
export function requiredText(field: string, value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw badRequest(`${field}: must not be empty`);
  return trimmed;
}

/** Trimmed whitelist entries; 400 naming the first invalid one. */
export function checkIpList(field: string, entries: readonly string[]): string[] {
  const trimmed = entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
  const invalid = invalidIpEntry(trimmed);
  if (invalid !== null) {
    throw badRequest(`${field}: "${invalid}" is not an IP address, CIDR block or a.b.c.d-e.f.g.h range`);
  }
  return [...new Set(trimmed)];
}

/** An http(s) URL whose macros are all among `macros`. */
export function checkUrl(field: string, url: string, macros: readonly string[]): string {
  const trimmed = url.trim();
  const problem = httpUrlProblem(trimmed) ?? unknownMacroProblem(trimmed, macros);
  if (problem) throw badRequest(`${field}: ${problem}`);
  return trimmed;
}

/** Like checkUrl, for an optional URL ("" and null clear it). */
export function checkOptionalUrl(
  field: string,
  url: string | null | undefined,
  macros: readonly string[],
): string | null {
  const text = textOrNull(url);
  return text === null ? null : checkUrl(field, text, macros);
}

/** A money amount >= 0 given as a JSON number with at most 4 fraction digits. */
export function checkMoney(field: string, value: number): Minor {
  const fraction = Number.isFinite(value) ? (value.toFixed(10).replace(/0+$/, '').split('.')[1] ?? '') : '';
  const minor = fraction.length > 4 ? null : parseMoney(value);
  if (minor === null) throw badRequest(`${field}: must be a number >= 0 with at most 4 fraction digits`);
  return minor;
}

/** A status by code or name (aliases accepted). */
export function checkStatus(field: string, value: string | number): StatusCode {
  const code = parseStatus(String(value));
  if (code === null) {
    throw badRequest(`${field}: unknown status "${value}" (approved, pending, declined, hold, or codes 1, 2, 3, 5)`);
  }
  return code;
}

/** ISO-3166 alpha-2 codes, upper-cased, without repeats. */
export function checkCountries(field: string, values: readonly string[]): string[] {
  const codes = values.map((value) => value.trim().toUpperCase());
  const bad = codes.find((code) => !/^[A-Z]{2}$/.test(code));
  if (bad !== undefined) throw badRequest(`${field}: "${bad}" is not an ISO-3166 alpha-2 country code`);
  return [...new Set(codes)];
}

/**
 * Affiliate ids that must exist. Ids already stored on the record are let through, so a
 * record naming an affiliate deleted since can still be edited.
 */
export function checkAffiliateIds(
  field: string,
  ids: readonly number[],
  ctx: AppContext,
  stored: readonly number[] = [],
): number[] {
  const unknown = ids.find((id) => !stored.includes(id) && !ctx.catalog.affiliate(id));
  if (unknown !== undefined) throw badRequest(`${field}: unknown affiliate ${unknown}`);
  return [...new Set(ids)];
}
