/**
 * OpenAPI descriptions of the tracking endpoints. Their inputs are documented, not validated:
 * the tracking routes read them leniently (params.ts) so that every postback is logged and
 * answered with its exact refusal text, and a click never fails on an odd extra parameter.
 * Their answers are declared like every other route's: the JSON postback answer through its
 * record schema, the redirect, image, page and plain-text refusals by content type.
 */
import { Type } from '@fastify/type-provider-typebox';
import { ref } from '../schemas/common.js';
import { errorResponses } from '../schemas/error.js';
import { PostbackAnswerSchema } from '../schemas/postback-answer.js';

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

/** A plain-text answer (a refused click). */
const PlainText = (description: string) => ({
  description,
  content: { 'text/plain': { schema: Type.String({ description: 'The reason, in one line' }) } },
});

/** A redirect: no body (`type: null`), the target in `Location`. */
const Redirect = (description: string) =>
  Type.Unsafe<void>({
    type: 'null',
    description,
    headers: { Location: Type.String({ description: 'The target URL, macros filled' }) },
  });

/** What /click answers. */
export const ClickResponses = {
  302: Redirect("To the offer's tracking URL (click stored; cookie tp_<offer_id> set), or to its trafficback URL"),
  400: PlainText('offer_id or pid missing'),
  403: PlainText('Affiliate banned, not allowed on a private offer, or a cap of the offer is reached'),
  404: PlainText('Offer or affiliate unknown, or offer not active'),
  500: PlainText('Nothing was stored; the visitor may try again'),
};

/**
 * What /postback answers: 200 once the log row is stored, accepted or refused (the outcome is
 * in `status`); a 5xx means nothing was stored and the sender should retry.
 */
export const PostbackResponses = {
  200: ref(PostbackAnswerSchema),
  ...errorResponses(),
};

/** What /pixel answers: always an image (or a page), whatever the outcome. */
export const PixelResponses = {
  200: {
    description: 'A 1x1 transparent GIF, or with source=1 a short HTML page; the outcome in X-Trackpost-Result',
    headers: {
      'X-Trackpost-Result': Type.String({ description: "The postback answer's message or error" }),
    },
    content: {
      'image/gif': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
      'text/html': { schema: Type.String() },
    },
  },
  ...errorResponses(),
};
