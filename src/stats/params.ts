/**
 * The parameters of a statistics slice: one list that both documents the query in
 * /openapi.json and refuses parameters the slice does not know. Refusing matters most for
 * share links, whose filters are fixed when created: a misspelt filter would otherwise show
 * everything without a word.
 */
import { Type, type TObject, type TSchema } from '@fastify/type-provider-typebox';
import { badRequest } from '../http/errors.js';
import { isListForm, listBaseName, type RawQuery } from '../http/query.js';

/** One query parameter of a slice. */
export interface ParamSpec {
  name: string;
  description: string;
  /**
   * A list filter: taken as `name[]=`, `name[N]=`, `name=` repeated, or a single `name=`
   * (comma-separated allowed); see listParam.
   */
  list?: boolean;
  /** Documented as required (the slice itself checks it). */
  required?: boolean;
}

/** The parameters every slice takes (docs/api.md, "Statistics"). */
export const COMMON_PARAMS: readonly ParamSpec[] = [
  { name: 'date_from', description: 'First day, YYYY-MM-DD (a day of timezone)', required: true },
  { name: 'date_to', description: 'Last day, YYYY-MM-DD (a day of timezone, inclusive)', required: true },
  { name: 'timezone', description: 'IANA time zone of the days, default UTC' },
  { name: 'page', description: 'Page number, default 1' },
  { name: 'limit', description: 'Rows per page, default 100, at most 1000' },
];

const StringOrList = (description: string) => Type.Union([Type.String(), Type.Array(Type.String())], { description });

/**
 * The querystring schema, for the documentation only: every value stays a string so the
 * query helpers read it as received; additional properties are let through to the slice,
 * which refuses them with a clear text.
 */
export function queryDoc(params: readonly ParamSpec[]): TObject {
  const properties: Record<string, TSchema> = {};
  for (const param of params) {
    const schema = StringOrList(param.description);
    properties[param.name] = param.required ? schema : Type.Optional(schema);
    if (param.list) properties[`${param.name}[]`] = Type.Optional(StringOrList(`${param.description} (repeatable)`));
  }
  return Type.Object(properties, { additionalProperties: true });
}

/**
 * The names a query may use for these parameters: `name`, and for lists `name[]` (which also
 * stands for every indexed `name[N]`, see isAcceptedName).
 */
export function acceptedNames(params: readonly ParamSpec[]): Set<string> {
  return new Set(params.flatMap((param) => (param.list ? [param.name, `${param.name}[]`] : [param.name])));
}

/** True when a query key is an accepted name, or an indexed form (`name[N]`) of an accepted list. */
export function isAcceptedName(key: string, accepted: ReadonlySet<string>): boolean {
  return accepted.has(key) || (isListForm(key) && accepted.has(`${listBaseName(key)}[]`));
}

/** 400 naming the first parameter the slice does not know. */
export function rejectUnknownParams(query: RawQuery, accepted: ReadonlySet<string>): void {
  const unknown = Object.keys(query).find((name) => query[name] !== undefined && !isAcceptedName(name, accepted));
  if (unknown !== undefined) {
    throw badRequest(
      `${unknown}: unknown parameter (accepted: ${[...accepted].filter((n) => !n.endsWith('[]')).join(', ')})`,
    );
  }
}
