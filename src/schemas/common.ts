/**
 * Building blocks of the record schemas: references to registered records, times, money,
 * status names, enumerations, and the list answer every collection and statistics slice uses.
 *
 * A record schema carries an `$id` and is registered once with Fastify (see index.ts); routes
 * and other records point at it with `ref()`, so /openapi.json lists it once under
 * `components.schemas` and the response serialiser compiles it once.
 */
import {
  Type,
  type Static,
  type TArray,
  type TLiteral,
  type TSchema,
  type TUnsafe,
} from '@fastify/type-provider-typebox';

/**
 * A `$ref` to a registered record schema, typed as the record itself, so a handler's return
 * value is checked against the record while the serialiser and OpenAPI see one shared schema.
 */
export function ref<T extends TSchema>(schema: T) {
  const id = (schema as { $id?: string }).$id;
  if (!id) throw new Error('ref() needs a schema with an $id');
  return Type.Unsafe<Static<T>>(Type.Ref(id));
}

/** One of a few fixed strings. Plain `enum` (rather than a union of literals) serialises fastest. */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T, options: { description?: string } = {}) =>
  Type.Union([schema, Type.Null()], options);

/** An instant, as ISO-8601 UTC with milliseconds (`2026-11-26T12:00:00.000Z`). */
export const Timestamp = (description?: string) => Type.String({ format: 'date-time', description });

/** An instant or null. */
export const NullableTimestamp = (description?: string) => Nullable(Timestamp(), { description });

/** A log time as Affise sends it: whole Unix seconds and the remaining microseconds. */
export const AffiseDate = (description?: string) =>
  Type.Object({ sec: Type.Integer(), usec: Type.Integer() }, { description });

/** A log row id as Affise sends it: `{"$id":"<id>"}`. */
export const AffiseId = () => Type.Record(Type.String(), Type.String(), { description: '`{"$id":"<row id>"}`' });

/** An amount of money as a decimal number with at most 4 fraction digits. */
export const Money = (description?: string) => Type.Number({ description });

/** A record id (integer, from 1). */
export const Id = (description?: string) => Type.Integer({ minimum: 1, description });

/** A conversion status by name. */
export const StatusName = (description?: string) =>
  StringEnum(['approved', 'pending', 'declined', 'hold'] as const, { description });

/** A conversion status by code: 1 approved, 2 pending, 3 declined, 5 hold. */
export const StatusCode = (description = '1 approved, 2 pending, 3 declined, 5 hold') => Type.Integer({ description });

/** The `pagination` object of a list answer. */
export const PaginationSchema = Type.Object(
  {
    per_page: Type.Integer({ description: 'The limit asked for' }),
    total_count: Type.Integer({ description: 'Rows across all pages' }),
    page: Type.Integer({ description: 'This page, from 1' }),
    next_page: Type.Optional(Type.Integer({ description: 'The next page, when there is one (statistics)' })),
  },
  { $id: 'Pagination' },
);

type ListProperties<K extends string, T extends TSchema> = {
  status: TLiteral<1>;
  pagination: TUnsafe<Static<typeof PaginationSchema>>;
} & { [P in K]: TArray<TUnsafe<Static<T>>> };

/**
 * A list answer, `{"status":1,"<key>":[…],"pagination":{…}}`, registered under `id` (for
 * example `AdvertiserList`).
 */
export function listOf<K extends string, T extends TSchema>(id: string, key: K, item: T, description?: string) {
  return Type.Object(
    {
      status: Type.Literal(1),
      [key]: Type.Array(ref(item)),
      pagination: ref(PaginationSchema),
    } as ListProperties<K, T>,
    { $id: id, description: description ?? `A page of ${key.replace(/_/g, ' ')}` },
  );
}

/** `{"status":1}`: the answer of a successful DELETE. */
export const DeletedSchema = Type.Object({ status: Type.Literal(1) }, { $id: 'Deleted', description: 'Done' });
