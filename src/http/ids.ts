/**
 * The one schema of a record id in a URL (`/…/:id`): a positive integer. An id no record can
 * have (beyond 2^53, say) passes this check and is answered 404 like any other unknown id; the
 * stores never send it to the database (see store/record-id.ts).
 */
import { Type } from '@fastify/type-provider-typebox';

export const RecordId = Type.Integer({ minimum: 1, description: 'Record id' });
