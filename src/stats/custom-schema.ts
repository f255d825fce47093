/**
 * Response schemas of the custom and trafficback reports (Affise's row shape). Declared so the
 * serializer writes exactly these keys: an affiliate's row has no `charge` or `earning` because
 * presentRow never builds them, and nothing undeclared can leak.
 */
import { Type } from '@fastify/type-provider-typebox';

export const ReportAction = Type.Object({
  revenue: Type.Number({ description: "Sum of the conversions' payouts (the affiliate's money)" }),
  charge: Type.Optional(Type.Number({ description: "Sum of the advertiser's revenue (admin only)" })),
  earning: Type.Optional(Type.Number({ description: 'charge - revenue (admin only)' })),
  null: Type.Integer({ description: 'Conversions with no money' }),
  count: Type.Integer(),
});

const untrackedText = [
  'city',
  'os',
  'os_version',
  'device',
  'device_model',
  'browser',
  'browser_version',
  'isp',
  'conn_type',
  'landing',
];
const untrackedNull = ['prelanding', 'manager', 'advertiser_manager_id', 'affiliate_manager_id', 'smart_id'];

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
    ...Object.fromEntries(
      ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8', ...untrackedText].map((name) => [
        name,
        Type.Optional(Type.String()),
      ]),
    ),
    ...Object.fromEntries(untrackedNull.map((name) => [name, Type.Optional(Type.Null())])),
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
