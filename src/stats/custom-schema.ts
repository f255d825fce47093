/**
 * Response schemas of the custom and trafficback reports (Affise's row shape). Declared so the
 * serializer writes exactly these keys: an affiliate's row has no `charge` or `earning` because
 * presentRow never builds them, and nothing undeclared can leak. The slice names come from the
 * parameter lists (custom-params.ts), so a slice the query accepts is one the answer declares.
 */
import { Type } from '@fastify/type-provider-typebox';
import { SUB_SLICES, UNTRACKED_NULL, UNTRACKED_TEXT } from './custom-params.js';

export const ReportAction = Type.Object({
  revenue: Type.Number({ description: "Sum of the conversions' payouts (the affiliate's money)" }),
  charge: Type.Optional(Type.Number({ description: "Sum of the advertiser's revenue (admin only)" })),
  earning: Type.Optional(Type.Number({ description: 'charge - revenue (admin only)' })),
  null: Type.Integer({ description: 'Conversions with no money' }),
  count: Type.Integer(),
});

export const ReportSlice = Type.Object(
  {
    year: Type.Optional(Type.Integer()),
    quarter: Type.Optional(Type.Integer()),
    month: Type.Optional(Type.Integer()),
    day: Type.Optional(Type.Integer()),
    hour: Type.Optional(Type.Integer()),
    offer: Type.Optional(Type.Object({ id: Type.Integer(), title: Type.String() })),
    affiliate: Type.Optional(Type.Object({ id: Type.Integer(), name: Type.String() })),
    advertiser: Type.Optional(Type.Object({ id: Type.String(), title: Type.String() })),
    goal: Type.Optional(Type.String()),
    country: Type.Optional(Type.String()),
    currency: Type.Optional(Type.String()),
    trafficback_reason: Type.Optional(Type.String()),
    ...Object.fromEntries([...SUB_SLICES, ...UNTRACKED_TEXT].map((name) => [name, Type.Optional(Type.String())])),
    ...Object.fromEntries(UNTRACKED_NULL.map((name) => [name, Type.Optional(Type.Null())])),
  },
  { additionalProperties: false },
);

export const ReportRow = Type.Object({
  slice: ReportSlice,
  traffic: Type.Object({ raw: Type.String(), uniq: Type.String() }),
  actions: Type.Record(Type.String(), ReportAction),
  views: Type.Integer(),
  ctr: Type.Integer(),
  ecpm: Type.Integer(),
  cr: Type.Optional(Type.Record(Type.String(), Type.Number())),
  ratio: Type.Optional(Type.String()),
  epc: Type.Optional(Type.Number()),
  trafficback: Type.Optional(Type.Integer()),
});

export const ReportAnswer = Type.Object(
  {
    status: Type.Literal(1),
    stats: Type.Array(ReportRow),
    pagination: Type.Object({ per_page: Type.Integer(), total_count: Type.Integer(), page: Type.Integer() }),
  },
  { description: 'A page of report rows' },
);
