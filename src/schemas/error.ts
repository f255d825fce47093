/**
 * The one error body of every JSON API answer that is not a success (docs/api.md, "Errors"):
 * `{"status":2,"error":"…","message":"…"}`, the two texts equal. Routes declare it for each
 * 4xx/5xx they can answer, through `errorResponses(…)`, so the serialiser writes it and
 * /openapi.json shows it.
 *
 * A field added to error bodies is added here, once: the serialiser drops keys a schema
 * does not declare.
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { ref } from './common.js';

export const ErrorSchema = Type.Object(
  {
    status: Type.Literal(2),
    error: Type.String({ description: 'What was wrong, in one line (for a refused field: "field: problem")' }),
    message: Type.String({ description: 'The same text as `error`, for clients that read this key' }),
  },
  { $id: 'Error', description: 'A refusal or failure' },
);

export type ErrorRecord = Static<typeof ErrorSchema>;

/** What each error status means, for the OpenAPI document. */
const MEANING: Record<number, string> = {
  400: 'Bad request: a parameter or field is missing or invalid',
  401: 'Missing or wrong API key',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict with the current state (e.g. a record still in use)',
  413: 'Body too large',
  415: 'Unsupported content type',
  500: 'Internal error (logged with the request id; nothing half-written)',
};

type ErrorResponses<C extends number> = { [K in C]: ReturnType<typeof ref<typeof ErrorSchema>> };

/**
 * The error part of a route's `response`, e.g. `{ 200: ref(X), ...errorResponses(400, 401, 404) }`.
 * 500 is always included: an unexpected failure answers it in the same shape.
 */
export function errorResponses<const C extends number>(...codes: C[]): ErrorResponses<C | 500> {
  const out: Record<number, unknown> = {};
  for (const code of [...codes, 500]) {
    out[code] = Type.Unsafe({ ...ref(ErrorSchema), description: MEANING[code] ?? 'Error' });
  }
  return out as ErrorResponses<C | 500>;
}
