import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '../../src/http/hash.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { postback, seedWorld, type World } from '../tracking/fixtures.js';

const today = () => new Date().toISOString().slice(0, 10);
const AFFILIATE_KEY = 'affiliate-key-for-reports-01';

async function setup(): Promise<{ t: TestApp; world: World }> {
  const t = await startTestApp();
  const world = await seedWorld(t, {
    affiliate: { api_key_hash: sha256(AFFILIATE_KEY) },
    offer: { title: 'Shop CPA', currency: 'EUR' },
  });
  return { t, world };
}

async function click(t: TestApp, query: string, cookie?: string) {
  return t.app.inject({ method: 'GET', url: `/click?${query}`, headers: cookie ? { cookie } : {} });
}

async function report(
  t: TestApp,
  query: string,
  headers: Record<string, string> = { 'api-key': 'test-admin-key-0123456789' },
) {
  return t.app.inject({ method: 'GET', url: `/3.0/stats/custom?${query}`, headers });
}

test('clicks count raw and unique by day and offer, in the offer currency, with Affise row keys', async () => {
  const { t, world } = await setup();
  try {
    const first = await click(t, `offer_id=${world.offer.id}&pid=${world.affiliate.id}`);
    assert.equal(first.statusCode, 302);
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    assert.equal((await click(t, `offer_id=${world.offer.id}&pid=${world.affiliate.id}`, cookie)).statusCode, 302);
    assert.equal((await click(t, `offer_id=${world.offer.id}&pid=${world.affiliate.id}`)).statusCode, 302);
    const d = today();
    const answer = await report(t, `slice[]=day&slice[]=offer&filter[date_from]=${d}&filter[date_to]=${d}`);
    assert.equal(answer.statusCode, 200, answer.body);
    const body = answer.json();
    assert.equal(body.status, 1);
    assert.deepEqual(body.pagination, { per_page: 100, total_count: 1, page: 1 });
    const [row] = body.stats;
    const [y, m, day] = d.split('-').map(Number);
    assert.deepEqual(row.slice, {
      year: y,
      month: m,
      day,
      offer: { id: world.offer.id, title: 'Shop CPA' },
      currency: 'EUR',
    });
    assert.deepEqual(row.traffic, { raw: '3', uniq: '2' });
    assert.deepEqual(Object.keys(row.actions), ['total', 'confirmed', 'pending', 'declined', 'hold']);
    assert.deepEqual(row.actions.total, { revenue: 0, charge: 0, earning: 0, null: 0, count: 0 });
    assert.equal(row.views, 0);
    assert.equal(row.ratio, '');
    assert.equal(row.epc, 0);
    assert.equal(row.trafficback, 0);
  } finally {
    await t.close();
  }
});

test('refused clicks are counted by reason, answered 4xx or redirected to trafficback', async () => {
  const { t, world } = await setup();
  try {
    await click(t, 'pid=1');
    await click(t, 'offer_id=abc&pid=1');
    await click(t, `offer_id=999&pid=${world.affiliate.id}`);
    await click(t, `offer_id=${world.offer.id}`);
    await click(t, `offer_id=${world.offer.id}&pid=999`);
    await click(t, `offer_id=${world.offer.id}&pid=999`);
    const d = today();
    const answer = await t.app.inject({
      method: 'GET',
      url: `/3.0/stats/getbytrafficback?filter[date_from]=${d}&filter[date_to]=${d}&orderType=desc`,
      headers: t.admin,
    });
    assert.equal(answer.statusCode, 200, answer.body);
    const rows = answer.json().stats;
    assert.deepEqual(
      rows.map((r: { slice: { trafficback_reason: string }; trafficback: number }) => [
        r.slice.trafficback_reason,
        r.trafficback,
      ]),
      [
        ['invalid-offer', 2],
        ['unknown-affiliate', 2],
        ['invalid-affiliate', 1],
        ['unknown-offer', 1],
      ],
    );
    assert.deepEqual(rows[0].actions, {});
    assert.deepEqual(rows[0].traffic, { raw: '0', uniq: '0' });
    const byOffer = await report(t, `slice=offer&filter[date_from]=${d}&filter[date_to]=${d}`);
    const offerRow = byOffer
      .json()
      .stats.find((r: { slice: { offer: { id: number } } }) => r.slice.offer.id === world.offer.id);
    assert.equal(offerRow.trafficback, 3);
  } finally {
    await t.close();
  }
});

test('the affiliate view has no charge or earning and refuses admin-only slices and filters', async () => {
  const { t, world } = await setup();
  try {
    await click(t, `offer_id=${world.offer.id}&pid=${world.affiliate.id}`);
    const d = today();
    const headers = { 'api-key': AFFILIATE_KEY };
    for (const url of [`/3.0/stats/custom`, `/3.0/partner/stats/custom`]) {
      const answer = await t.app.inject({
        method: 'GET',
        url: `${url}?slice[0]=offer&filter[date_from]=${d}&filter[date_to]=${d}`,
        headers,
      });
      assert.equal(answer.statusCode, 200, answer.body);
      assert.doesNotMatch(answer.body, /charge|earning/);
      assert.deepEqual(answer.json().stats[0].actions.confirmed, { revenue: 0, null: 0, count: 0 });
      assert.equal(answer.json().stats[0].traffic.raw, '1');
    }
    const slice = await report(t, `slice=affiliate&filter[date_from]=${d}&filter[date_to]=${d}`, headers);
    assert.equal(slice.statusCode, 400);
    assert.equal(slice.json().error, 'Slice not available to affiliates: affiliate');
    const filter = await report(t, `slice=day&filter[partner]=2&filter[date_from]=${d}&filter[date_to]=${d}`, headers);
    assert.equal(filter.json().error, 'Filter not available to affiliates: filter[partner]');
    const partner = await t.app.inject({ method: 'GET', url: `/3.0/partner/stats/custom?slice=day`, headers: t.admin });
    assert.equal(partner.statusCode, 401);
  } finally {
    await t.close();
  }
});

test('filter[nonzero] keeps rows with a conversion; conversionTypes picks the action keys, not_found all zeros', async () => {
  const { t, world } = await setup();
  try {
    const converted = await click(t, `offer_id=${world.offer.id}&pid=${world.affiliate.id}&sub1=paid`);
    await click(t, `offer_id=${world.offer.id}&pid=${world.affiliate.id}&sub1=idle`);
    const clickid = new URL(converted.headers.location as string).searchParams.get('c') as string;
    assert.equal((await postback(t, { clickid })).status, 1);
    const d = today();
    const query = `slice=sub1&filter[date_from]=${d}&filter[date_to]=${d}`;
    const all = (await report(t, query)).json();
    assert.deepEqual(
      all.stats.map((row: { slice: { sub1: string } }) => row.slice.sub1),
      ['idle', 'paid'],
    );
    const kept = (await report(t, `${query}&filter[nonzero]=1`)).json();
    assert.deepEqual(
      kept.stats.map((row: { slice: { sub1: string } }) => row.slice.sub1),
      ['paid'],
    );
    assert.equal(kept.pagination.total_count, 1);
    assert.deepEqual((await report(t, `${query}&filter[nonzero]=0`)).json(), all);

    const typed = await report(t, `${query}&filter[nonzero]=1&conversionTypes[]=confirmed&conversionTypes[]=not_found`);
    assert.equal(typed.statusCode, 200, typed.body);
    const [row] = typed.json().stats;
    assert.deepEqual(Object.keys(row.actions), ['confirmed', 'not_found']);
    assert.equal(row.actions.confirmed.count, 1);
    assert.deepEqual(row.actions.not_found, { revenue: 0, charge: 0, earning: 0, null: 0, count: 0 });
    assert.deepEqual(row.cr, { confirmed: 100, not_found: 0 });
  } finally {
    await t.close();
  }
});

test('every parameter mistake answers 400 with its exact text', async () => {
  const { t } = await setup();
  try {
    const range = 'filter[date_from]=2026-11-01&filter[date_to]=2026-11-02';
    const cases: [string, string][] = [
      [range, 'Missing mandatory parameter slice'],
      ['slice=day&filter[date_to]=2026-11-02', 'Missing mandatory parameter filter[date_from]'],
      ['slice=day&filter[date_from]=2026-11-02', 'Missing mandatory parameter filter[date_to]'],
      [
        'slice=day&filter[date_from]=2026-13-01&filter[date_to]=2026-11-02',
        'Invalid date in filter[date_from] (YYYY-MM-DD expected)',
      ],
      [
        'slice=day&filter[date_from]=2026-11-03&filter[date_to]=2026-11-02',
        'filter[date_from] is after filter[date_to]',
      ],
      ['slice=day&filter[date_from]=2025-01-01&filter[date_to]=2026-11-02', 'Date range too long (at most 366 days)'],
      [`slice=week&${range}`, 'Invalid slice value: week'],
      [`slice=day&conversionTypes[]=all&${range}`, 'Invalid conversionTypes value: all'],
      [`slice=day&fields=bogus&${range}`, 'Invalid fields value: bogus'],
      [`slice=day&order=bogus&${range}`, 'Invalid order value: bogus'],
      [`slice=day&orderType=up&${range}`, 'Invalid orderType (asc or desc expected)'],
      [`slice=day&timezone=Mars/Base&${range}`, 'Invalid timezone: Mars/Base'],
      [`slice=day&page=0&${range}`, 'Invalid page (positive integer expected)'],
      [`slice=day&limit=501&${range}`, 'Invalid limit (1 to 500)'],
      [`slice=day&filter[offer][]=x&${range}`, 'Invalid filter[offer] value: x'],
      [`slice=day&filter[nonzero]=2&${range}`, 'Invalid filter[nonzero] value: 2'],
      [`slice=day&filter[os]=ios&${range}`, 'Filter not supported: filter[os]'],
      [`slice=day&not_smartlink_id=3&${range}`, 'Filter not supported: not_smartlink_id'],
      [`slice=day&bogus=1&${range}`, 'Unknown parameter: bogus'],
      [
        `slice=sub1&filter[date_from]=2026-01-01&filter[date_to]=2026-11-02`,
        'Date range too long for sub1..sub8 (at most 31 days)',
      ],
    ];
    for (const [query, error] of cases) {
      const answer = await report(t, query);
      assert.equal(answer.statusCode, 400, `${query}: ${answer.body}`);
      assert.equal(answer.json().error, error, query);
    }
    assert.equal((await report(t, `slice=day&${range}`, {})).statusCode, 401);
  } finally {
    await t.close();
  }
});

test('the three list encodings and untracked slices read alike', async () => {
  const { t, world } = await setup();
  try {
    await click(t, `offer_id=${world.offer.id}&pid=${world.affiliate.id}&sub1=banner`);
    const d = today();
    const range = `filter[date_from]=${d}&filter[date_to]=${d}`;
    const forms = [
      `slice[]=offer&slice[]=sub1&slice[]=os&slice[]=manager&filter[offer][]=${world.offer.id}`,
      `slice[0]=offer&slice[1]=sub1&slice[2]=os&slice[3]=manager&filter[offer][0]=${world.offer.id}`,
      `slice=offer&slice=sub1&slice=os&slice=manager&filter[offer]=${world.offer.id}`,
    ];
    const bodies = [];
    for (const form of forms) {
      const answer = await report(t, `${form}&${range}`);
      assert.equal(answer.statusCode, 200, answer.body);
      bodies.push(answer.json());
    }
    assert.deepEqual(bodies[0], bodies[1]);
    assert.deepEqual(bodies[0], bodies[2]);
    const [row] = bodies[0].stats;
    assert.equal(row.slice.sub1, 'banner');
    assert.equal(row.slice.os, '');
    assert.equal(row.slice.manager, null);
    assert.equal(row.traffic.raw, '1');
    assert.equal(row.trafficback, undefined);
  } finally {
    await t.close();
  }
});
