/**
 * OpenAPI descriptions of the tracking endpoints. They document, they do not validate: the
 * tracking routes read their input leniently (params.ts) so that every postback is logged and
 * answered with a contract text, and a click never fails on an odd extra parameter.
 */
import { Type } from '@fastify/type-provider-typebox';

/** Route option that turns schema validation off while keeping the schema for /openapi.json. */
export const documentOnly = { validatorCompiler: () => () => true };

const text = (description: string) => Type.Optional(Type.String({ description }));

const subs = Object.fromEntries(
  Array.from({ length: 8 }, (_, i) => [`sub${i + 1}`, text('free text, at most 500 characters (longer is cut)')]),
);
const customFields = Object.fromEntries(
  Array.from({ length: 15 }, (_, i) => [
    `custom_field${i + 1}`,
    text('stored on the conversion (at most 500 characters, longer is cut)'),
  ]),
);

export const ClickQuery = Type.Object({
  offer_id: Type.String({ description: 'offer id (required)' }),
  pid: text('affiliate id (required; alias aff_id)'),
  aff_id: text('alias of pid'),
  ...subs,
  referrer: text('the referring page (default: the Referer header)'),
});

const postbackFields = {
  clickid: text('click id, 24 hex characters (required; alias click_id)'),
  click_id: text('alias of clickid'),
  goal: text('goal value (default 1; alias goal_value)'),
  goal_value: text('alias of goal'),
  action_id: text("the advertiser's conversion id (alias txn_id)"),
  txn_id: text('alias of action_id'),
  sum: text('order amount, decimal >= 0 (aliases sale_amount, amount)'),
  sale_amount: text('alias of sum'),
  amount: text('alias of sum'),
  currency: text("ISO-4217 code (default: the offer's currency)"),
  secure: text("the offer's or advertiser's secure token"),
  comment: text('note, at most 1000 characters (longer is cut)'),
  ip: text("the user's IP, used for geo instead of the click's"),
  ...customFields,
};

export const PostbackParams = Type.Object({
  ...postbackFields,
  status: text('status code or name (default: the goal default_status)'),
});

export const PixelQuery = Type.Object({
  offer_id: text(
    'offer id: the click id is read from its tp_<offer_id> cookie (without it: the newest Trackpost click cookie)',
  ),
  afclick: text('click id (Affise pixel name; beats clickid and the cookie)'),
  afstatus: text('status code or name'),
  afgoal: text('goal value (Affise pixel name; beats goal)'),
  afid: text("the advertiser's conversion id (Affise pixel name; beats action_id)"),
  afprice: text('order amount (Affise pixel name; beats sum)'),
  afcurrency: text('ISO-4217 code (Affise pixel name; beats currency)'),
  afsecure: text('secure token (Affise pixel name; beats secure)'),
  afcomment: text('note (Affise pixel name; beats comment)'),
  source: text('1: answer with a short HTML page instead of a 1x1 GIF'),
  ...postbackFields,
});

export const PostbackAnswer = Type.Object({
  status: Type.Integer({ description: '1: accepted, 2: refused' }),
  message: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  conversion_id: Type.Optional(Type.String()),
});
