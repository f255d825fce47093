/**
 * One row of the server postbacks log: an advertiser postback or pixel as received, with the
 * answer it got, Affise's keys beside Trackpost's (see docs/api.md, "Server postbacks slice",
 * and docs/moving-from-affise.md).
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { AffiseDate, AffiseId, Nullable, StringEnum, Timestamp, listOf } from './common.js';

const Params = (description: string) => Type.Record(Type.String(), Type.String(), { description });

export const ServerPostbackSchema = Type.Object(
  {
    id: Type.String(),
    _id: AffiseId(),
    date: AffiseDate('When it was received'),
    created_at: Timestamp('When it was received'),
    offer_id: Nullable(Type.Integer()),
    advertiser_id: Nullable(Type.Integer()),
    affiliate_id: Nullable(Type.Integer()),
    pid: Nullable(Type.Integer()),
    clickid: Nullable(Type.String(), { description: 'Set only when well-formed' }),
    status: Type.Optional(Type.Integer({ description: 'The status sent, as a code (absent when not one)' })),
    goal: Nullable(Type.String(), { description: 'As sent' }),
    action_id: Nullable(Type.String(), { description: 'As sent' }),
    ip: Type.String({ description: "The sender's address" }),
    server: Type.String({ description: "The sender's address" }),
    integration: StringEnum(['s2s', 'c2s'] as const, { description: 's2s: /postback; c2s: /pixel' }),
    delta: Nullable(Type.Number(), { description: 'Seconds from the click' }),
    params: Params('Every parameter received; a repeated one joined by ","'),
    _get: Params('The same as params'),
    _post: Type.Array(Type.String(), { description: 'Always empty' }),
    get: Type.String({ description: 'params as JSON text' }),
    post: Type.String({ description: 'Always "[]"' }),
    response: Type.String({ description: 'The answer the sender got, as JSON text' }),
    result: Type.Object(
      {
        status: Type.Integer({ description: '1: accepted, 2: refused' }),
        error: Type.Optional(Type.String()),
        conversion_id: Type.Optional(Type.String()),
      },
      { description: 'The answer the sender got' },
    ),
    lead_id: Type.Optional(Type.String({ description: 'The conversion created or changed' })),
    http_code: Type.Integer({ description: 'Always 200: the outcome is in the answer' }),
    supplier: Nullable(Type.Object({ id: Type.String(), title: Nullable(Type.String()) })),
    track: Type.Null(),
  },
  { $id: 'ServerPostback', description: 'An advertiser postback or pixel as received' },
);

export type ServerPostbackRecord = Static<typeof ServerPostbackSchema>;

export const ServerPostbackListSchema = listOf('ServerPostbackList', 'postbacks', ServerPostbackSchema);
export type ServerPostbackListRecord = Static<typeof ServerPostbackListSchema>;
