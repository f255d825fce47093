/**
 * Every statistics row checked against the field names and JSON types Affise's clients decode.
 * The tables below restate, for each key the Go SDK's row structs declare, the JSON type its
 * encoding/json accepts (a string where it expects a number fails the whole answer); `null`
 * is accepted everywhere (it leaves the zero value). Keys marked required are the ones Trackpost
 * has data for, so they must be present for the value to land in its field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS } from '../../src/domain/status.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { call, seedCatalog, seedConversion } from '../admin/fixtures.js';
import { api, click, create, createAffiliate, createOffer, postback, settled, startWorld } from '../outbound/world.js';

type Kind = 'string' | 'int' | 'uint' | 'float' | 'bool' | 'array' | 'any' | Shape;
interface Shape {
  [key: string]: Kind;
}

/** Checks `value` against `kind`; returns the first mismatch as text, or null. */
function mismatch(value: unknown, kind: Kind, path: string): string | null {
  if (value === null || value === undefined || kind === 'any') return null;
  if (kind === 'string')
    return typeof value === 'string' ? null : `${path}: expected a string, got ${JSON.stringify(value)}`;
  if (kind === 'int' || kind === 'uint') {
    const ok = typeof value === 'number' && Number.isInteger(value) && (kind === 'int' || value >= 0);
    return ok
      ? null
      : `${path}: expected ${kind === 'uint' ? 'an unsigned' : 'an'} integer, got ${JSON.stringify(value)}`;
  }
  if (kind === 'float')
    return typeof value === 'number' ? null : `${path}: expected a number, got ${JSON.stringify(value)}`;
  if (kind === 'bool') return typeof value === 'boolean' ? null : `${path}: expected a boolean`;
  if (kind === 'array') return Array.isArray(value) ? null : `${path}: expected an array, got ${JSON.stringify(value)}`;
  if (typeof value !== 'object' || Array.isArray(value))
    return `${path}: expected an object, got ${JSON.stringify(value)}`;
  for (const [key, inner] of Object.entries(kind)) {
    const problem = mismatch((value as Record<string, unknown>)[key], inner, `${path}.${key}`);
    if (problem) return problem;
  }
  return null;
}

function assertDecodes(row: Record<string, unknown>, shape: Shape, required: readonly string[], what: string): void {
  const problem = mismatch(row, shape, what);
  assert.equal(problem, null, problem ?? '');
  for (const key of required) {
    assert.ok(row[key] !== undefined && row[key] !== null, `${what}.${key}: missing, so the client reads a zero value`);
  }
}

// From the Go SDK's response envelope: status int, pagination of ints.
const PAGINATION: Shape = { page: 'int', per_page: 'int', total_count: 'int', next_page: 'int' };

const GO_OFFER: Shape = { id: 'int', offer_id: 'string', advertiser: 'string', title: 'string', url: 'string' };
const GO_AFFILIATE: Shape = { id: 'uint', email: 'string', login: 'string', name: 'string', status: 'string' };
const GO_ADVERTISER: Shape = { id: 'string', title: 'string' };

// The Go SDK's conversion row.
const GO_CONVERSION: Shape = {
  id: 'string',
  action_id: 'string',
  status: 'string',
  conversion_id: 'string',
  cbid: 'string',
  currency: 'string',
  offer: GO_OFFER,
  offer_id: 'uint',
  goal: 'string',
  ip: 'string',
  country: 'string',
  country_name: 'string',
  city: 'string',
  city_id: 'int',
  ua: 'string',
  device_type: 'string',
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`sub${i + 1}`, 'string' as const])),
  ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`custom_field_${i + 1}`, 'string' as const])),
  comment: 'string',
  created_at: 'string',
  click_time: 'string',
  referrer: 'string',
  updatedAt: 'string',
  clickid: 'string',
  partner: GO_AFFILIATE,
  supplier_id: 'string',
  partner_id: 'uint',
  goal_value: 'string',
  sum: 'float',
  revenue: 'float',
  payouts: 'float',
  earnings: 'float',
  advertiser: GO_ADVERTISER,
  payment_type: 'string',
  payment_status: 'string',
  is_paid: 'string',
  price: 'float',
  landing_id: 'uint',
  prelanding_id: 'uint',
  currency_id: 'any',
  hold_date_expire: 'any',
};

// The Go SDK's postback log row, shared by server and affiliate postbacks.
const GO_POSTBACK: Shape = {
  _id: { $id: 'string' },
  _get: { clickid: 'string' },
  _post: 'array',
  date: { sec: 'int', usec: 'int' },
  get: 'string',
  post: 'string',
  server: 'string',
  response: 'string',
  track: { id: 'string', offer_id: 'string', uniq: 'int', partner: { id: 'string' } },
  pid: 'uint',
  lead_id: 'string',
  http_code: 'int',
  postback_url: 'string',
  offer_id: 'int',
  job_id: 'string',
  goal: 'string',
  status: 'int',
};

const RANGE = 'date_from=2026-11-01&date_to=2026-11-30';

async function rows(app: TestApp, path: string, key: string, query = RANGE) {
  const answer = await call(app, 'GET', `/3.0/stats/${path}?${query}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.status, 1);
  assertDecodes(answer.body.pagination, PAGINATION, ['page', 'per_page', 'total_count'], `${path}.pagination`);
  return answer.body[key] as Record<string, unknown>[];
}

test('conversions rows decode as Affise conversions, every known value in its field', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seedCatalog(app);
  const at = Date.UTC(2026, 10, 10, 12);
  for (const [i, status] of [STATUS.approved, STATUS.pending, STATUS.declined, STATUS.hold].entries()) {
    await seedConversion(app, {
      offer: catalog.offers[0],
      advertiser: catalog.advertisers[0],
      affiliate: catalog.affiliates[0],
      status,
      country: 'DE',
      at: at + i,
    });
  }
  const list = await rows(app, 'conversions', 'conversions');
  assert.equal(list.length, 4);
  for (const row of list) {
    assertDecodes(
      row,
      GO_CONVERSION,
      [
        'status',
        'goal_value',
        'revenue',
        'payouts',
        'earnings',
        'offer',
        'offer_id',
        'partner',
        'partner_id',
        'advertiser',
        'supplier_id',
        'clickid',
        'click_time',
        'created_at',
        'conversion_id',
        'cbid',
        'currency',
        'country_name',
      ],
      'conversion',
    );
    assert.equal(row.partner_id, catalog.affiliates[0]);
    assert.equal((row.partner as { id: number }).id, catalog.affiliates[0]);
    assert.equal(row.supplier_id, String(catalog.advertisers[0]));
    assert.equal(row.payouts, 1);
    assert.equal(row.revenue, 2);
    assert.equal(row.earnings, 1);
    assert.equal(row.country_name, 'Germany');
  }
  assert.deepEqual(
    list.map((row) => [row.status, row.status_code]),
    [
      ['hold', 5],
      ['declined', 3],
      ['pending', 2],
      ['confirmed', 1],
    ],
  );
  const paged = await call(app, 'GET', `/3.0/stats/conversions?${RANGE}&limit=3`);
  assert.deepEqual(paged.body.pagination, { per_page: 3, total_count: 4, page: 1, next_page: 2 });
  const last = await call(app, 'GET', `/3.0/stats/conversions?${RANGE}&limit=3&page=2`);
  assert.deepEqual(last.body.pagination, { per_page: 3, total_count: 4, page: 2 });
});

test('server postback rows decode as Affise postback rows', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const catalog = await seedCatalog(app);
  await seedConversion(app, {
    offer: catalog.offers[0],
    advertiser: catalog.advertisers[0],
    affiliate: catalog.affiliates[0],
    at: Date.UTC(2026, 10, 10, 12, 0, 0, 250),
  });
  // A refused postback with an unknown status word: logged, and still decodable.
  const refused = await app.app.inject({ method: 'GET', url: '/postback?clickid=nope&status=weird&secure=s3cret' });
  assert.equal(refused.statusCode, 200);
  const now = new Date();
  const today = `date_from=${now.toISOString().slice(0, 10)}&date_to=${now.toISOString().slice(0, 10)}`;
  for (const query of [RANGE, today]) {
    for (const row of await rows(app, 'serverpostbacks', 'postbacks', query)) {
      assertDecodes(
        row,
        GO_POSTBACK,
        ['_id', '_get', 'date', 'get', 'response', 'server', 'http_code'],
        'serverpostback',
      );
      assert.deepEqual(JSON.parse(row.response as string).status, (row.result as { status: number }).status);
      assert.equal(row.get, JSON.stringify(row._get));
    }
  }
  const [accepted] = await rows(app, 'serverpostbacks', 'postbacks', 'date_from=2026-11-10&date_to=2026-11-10');
  assert.deepEqual(accepted?.date, { sec: Math.floor(Date.UTC(2026, 10, 10, 12) / 1000), usec: 250_000 });
  assert.equal(accepted?.pid, catalog.affiliates[0]);
  assert.equal(accepted?.created_at, new Date(Date.UTC(2026, 10, 10, 12, 0, 0, 250)).toISOString());
  const [weird] = await rows(app, 'serverpostbacks', 'postbacks', today);
  assert.equal(weird?.status, undefined, 'a status word Trackpost does not know has no code');
});

test('affiliate postback and cross-postback rows decode as Affise postback rows', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Aff');
    const offer = await createOffer(w, { cross_postback_url: `${w.sink.url}/cross?c={clickid}` });
    await create(w.t, `/3.0/admin/affiliates/${aff.id}/postbacks`, { url: `${w.sink.url}/pb?c={clickid}` });
    const conversionId = await postback(w, { clickid: await click(w, offer.id, aff.id), goal: 'sale' });
    await settled(w);
    const day = new Date().toISOString().slice(0, 10);
    for (const path of ['affiliatepostbacks', 'crosspostbacks']) {
      const answer = await api(w.t, 'GET', `/3.0/stats/${path}?date_from=${day}&date_to=${day}&timezone=UTC`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const list = answer.body.postbacks as Record<string, unknown>[];
      assert.equal(list.length, 1, path);
      for (const row of list) {
        assertDecodes(
          row,
          GO_POSTBACK,
          ['_id', 'date', 'pid', 'lead_id', 'http_code', 'postback_url', 'offer_id', 'job_id', 'goal', 'status'],
          path,
        );
        assert.equal(row.pid, aff.id);
        assert.equal(row.lead_id, conversionId);
        assert.equal(row.status, 2, 'the pending goal');
        assert.equal(row.status_name, 'pending');
        assert.equal(row.http_code, 200);
      }
    }
  } finally {
    await w.close();
  }
});
