/**
 * The answer of /postback, and the outcome a pixel carries in its X-Trackpost-Result header
 * (see docs/api.md, "Advertiser postbacks").
 */
import { Type, type Static } from '@fastify/type-provider-typebox';

export const PostbackAnswerSchema = Type.Object(
  {
    status: Type.Integer({ description: '1: accepted, 2: refused' }),
    message: Type.Optional(Type.String({ description: 'When accepted: what was done' })),
    error: Type.Optional(Type.String({ description: 'When refused: why' })),
    conversion_id: Type.Optional(Type.String({ description: 'The conversion created or changed' })),
  },
  { $id: 'PostbackAnswer', description: 'The outcome of an advertiser postback' },
);

export type PostbackAnswerRecord = Static<typeof PostbackAnswerSchema>;
