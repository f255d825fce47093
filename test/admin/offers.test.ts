import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { call, create } from './fixtures.js';

async function setUp(t: { after(fn: () => Promise<void>): void }): Promise<{ app: TestApp; advertiser: number }> {
  const app = await startTestApp();
  t.after(() => app.close());
  const advertiser = (await create(app, 'advertisers', { name: 'Adv' })).id;
  return { app, advertiser };
}

const TRACKING = 'https://shop.example/land?click={clickid}&aff={pid}&s1={sub1}';

test('offers: defaults of offers and payouts', async (t) => {
  const { app, advertiser } = await setUp(t);
  const offer = await create(app, 'offers', {
    title: 'Shop',
    advertiser_id: advertiser,
    tracking_url: TRACKING,
    payouts: [{ revenue: 2.5, payout: 1.2345 }],
  });
  assert.equal(offer.status, 'active');
  assert.equal(offer.currency, 'USD');
  assert.equal(offer.click_lifespan_days, 30);
  assert.equal(offer.hold_days, 0);
  assert.equal(offer.privacy, 'public');
  assert.equal(offer.cross_postback_method, 'GET');
  assert.deepEqual(offer.allowed_affiliates, []);
  assert.equal(offer.trafficback_url, null);
  assert.deepEqual(offer.payouts, [
    {
      goal: '1',
      title: '1',
      revenue: 2.5,
      payout: 1.2345,
      payout_type: 'fixed',
      countries: [],
      affiliates: [],
      private: false,
      multiple: 'txn',
      default_status: 'approved',
    },
  ]);
  const stored = app.ctx.catalog.offer(offer.id)?.offer;
  assert.equal(stored?.payouts[0].payout, 12_345, 'money is kept in minor units');
});

test('offers: every field is stored and shown; PATCH merges and payouts are replaced as a list', async (t) => {
  const { app, advertiser } = await setUp(t);
  const affiliate = (await create(app, 'affiliates', { name: 'Aff' })).id;
  const offer = await create(app, 'offers', {
    title: 'Full',
    advertiser_id: advertiser,
    status: 'paused',
    tracking_url: TRACKING,
    trafficback_url: 'https://fallback.example/?o={offer_id}',
    currency: 'eur',
    privacy: 'private',
    allowed_affiliates: [affiliate],
    click_lifespan_days: 7,
    hold_days: 14,
    secure_token: 'tok',
    allowed_ips: ['198.51.100.0/24'],
    cross_postback_url: 'https://net.example/pb?rev={revenue}&adv={advertiser_id}',
    cross_postback_method: 'POST',
    signing_secret: 'whsec',
    payouts: [
      {
        goal: 'Sale',
        title: 'Purchase',
        revenue: 10,
        payout: 40,
        payout_type: 'percent',
        countries: ['us', 'DE'],
        affiliates: [affiliate],
        private: true,
        multiple: 'yes',
        default_status: 2,
      },
      { goal: 'lead_1', revenue: 0, payout: 0, multiple: 'no', default_status: 'on-hold' },
    ],
  });
  assert.equal(offer.currency, 'EUR');
  assert.equal(offer.hold_days, 14);
  assert.deepEqual(offer.payouts[0], {
    goal: 'Sale',
    title: 'Purchase',
    revenue: 10,
    payout: 40,
    payout_type: 'percent',
    countries: ['US', 'DE'],
    affiliates: [affiliate],
    private: true,
    multiple: 'yes',
    default_status: 'pending',
  });
  assert.equal(offer.payouts[1].default_status, 'hold');

  const patched = await call(app, 'PATCH', `/3.0/admin/offers/${offer.id}`, {
    status: 'active',
    trafficback_url: null,
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.status, 'active');
  assert.equal(patched.body.trafficback_url, null);
  assert.equal(patched.body.title, 'Full');
  assert.deepEqual(patched.body.payouts, offer.payouts, 'payouts left out keep their value');
  assert.equal(app.ctx.catalog.offer(offer.id)?.offer.status, 'active');

  const replaced = await call(app, 'PATCH', `/3.0/admin/offers/${offer.id}`, {
    payouts: [{ goal: 'install', revenue: 1, payout: 0.5 }],
  });
  assert.deepEqual(
    replaced.body.payouts.map((p: { goal: string }) => p.goal),
    ['install'],
  );
  assert.ok(app.ctx.catalog.offer(offer.id)?.payoutsByGoal.has('install'));
});

test('offers: references must exist and ranges hold', async (t) => {
  const { app, advertiser } = await setUp(t);
  const base = { title: 'o', advertiser_id: advertiser, tracking_url: TRACKING };
  const cases: [object, RegExp][] = [
    [{ ...base, advertiser_id: 999 }, /^advertiser_id: unknown advertiser 999$/],
    [{ ...base, allowed_affiliates: [42] }, /^allowed_affiliates: unknown affiliate 42$/],
    [{ ...base, hold_days: 61 }, /^hold_days: /],
    [{ ...base, hold_days: -1 }, /^hold_days: /],
    [{ ...base, click_lifespan_days: 0 }, /^click_lifespan_days: /],
    [{ ...base, currency: 'E1R' }, /^currency: "E1R" is not an ISO-4217 code/],
    [{ ...base, status: 'archived' }, /^status: /],
    [{ ...base, cross_postback_method: 'PUT' }, /^cross_postback_method: /],
    [{ ...base, allowed_ips: ['nope'] }, /^allowed_ips: "nope"/],
    [{ title: 'o', advertiser_id: advertiser }, /^tracking_url: is required$/],
    [{ ...base, tracking_url: 'ftp://shop.example/' }, /^tracking_url: must be an absolute http or https URL$/],
    [{ ...base, tracking_url: 'shop.example/{clickid}' }, /^tracking_url: must be an absolute http or https URL$/],
    [
      { ...base, payouts: [{ goal: 'a', revenue: 1, payout: 1, affiliates: [77] }] },
      /^payouts\.0\.affiliates: unknown affiliate 77$/,
    ],
    [{ ...base, payouts: [{ goal: 'a', revenue: -1, payout: 1 }] }, /^payouts\.0\.revenue: must be a number >= 0/],
    [
      { ...base, payouts: [{ goal: 'a', revenue: 1.00001, payout: 1 }] },
      /^payouts\.0\.revenue: .*at most 4 fraction digits/,
    ],
    [{ ...base, payouts: [{ goal: 'a', revenue: 1, payout: 1, countries: ['USA'] }] }, /^payouts\.0\.countries/],
    [
      { ...base, payouts: [{ goal: 'a', revenue: 1, payout: 1, countries: ['1x'] }] },
      /^payouts\.0\.countries: "1X" is not an ISO-3166/,
    ],
    [
      { ...base, payouts: [{ goal: 'a', revenue: 1, payout: 1, default_status: 'paid' }] },
      /^payouts\.0\.default_status: unknown status "paid"/,
    ],
    [{ ...base, payouts: [{ goal: 'a', revenue: 1, payout: 1, payout_type: 'cpa' }] }, /^payouts\.0\.payout_type: /],
    [{ ...base, payouts: [{ goal: 'a', payout: 1 }] }, /^payouts\.0\.revenue: is required$/],
  ];
  for (const [payload, error] of cases) {
    const answer = await call(app, 'POST', '/3.0/admin/offers', payload);
    assert.equal(answer.status, 400, JSON.stringify(payload));
    assert.match(answer.body.error, error, JSON.stringify(payload));
  }
  assert.equal((await call(app, 'GET', '/3.0/admin/offers')).body.pagination.total_count, 0, 'nothing was stored');
});

test('offers: goal values follow the goal value rules, each broken rule named', async (t) => {
  const { app, advertiser } = await setUp(t);
  const withGoals = (...goals: unknown[]) => ({
    title: 'o',
    advertiser_id: advertiser,
    tracking_url: TRACKING,
    payouts: goals.map((goal) => ({ goal, revenue: 1, payout: 1 })),
  });
  const cases: [unknown[], RegExp][] = [
    [['sale!'], /^payouts\.0\.goal: may contain only letters, digits, "_" and "-"$/],
    [['two words'], /^payouts\.0\.goal: may contain only letters/],
    [['0'], /^payouts\.0\.goal: must not be "0"$/],
    [[0], /^payouts\.0\.goal: must not be "0"$/],
    [['x'.repeat(65)], /^payouts\.0\.goal: must be 1-64 characters long$/],
    [[''], /^payouts\.0\.goal: must be 1-64 characters long$/],
    [
      ['Install', 'install'],
      /^payouts\.1\.goal: "install" repeats goal "Install" \(goal values are unique within an offer, case-insensitively\)$/,
    ],
  ];
  for (const [goals, error] of cases) {
    const answer = await call(app, 'POST', '/3.0/admin/offers', withGoals(...goals));
    assert.equal(answer.status, 400, JSON.stringify(goals));
    assert.match(answer.body.error, error, JSON.stringify(goals));
  }
  const ok = await create(app, 'offers', withGoals('x'.repeat(64), 'A-b_9', '10'));
  assert.deepEqual(
    ok.payouts.map((p: { goal: string }) => p.goal),
    ['x'.repeat(64), 'A-b_9', '10'],
  );
  const dup = await call(app, 'PATCH', `/3.0/admin/offers/${ok.id}`, {
    payouts: [
      { goal: 'SALE', revenue: 1, payout: 1 },
      { goal: 'sale', revenue: 1, payout: 1 },
    ],
  });
  assert.equal(dup.status, 400);
  assert.match(dup.body.error, /^payouts\.1\.goal: "sale" repeats goal "SALE"/);
});

test('offers: unknown macros are refused naming the nearest known one', async (t) => {
  const { app, advertiser } = await setUp(t);
  const base = { title: 'o', advertiser_id: advertiser, tracking_url: TRACKING };
  const cases: [object, string][] = [
    [
      { ...base, tracking_url: 'https://shop.example/?c={clikid}' },
      'tracking_url: unknown macro {clikid} (did you mean {clickid}?)',
    ],
    [
      { ...base, tracking_url: 'https://shop.example/?p={payout}' },
      'tracking_url: unknown macro {payout} (did you mean {uagent}?)',
    ],
    [
      { ...base, trafficback_url: 'https://tb.example/?s={sub31}' },
      'trafficback_url: unknown macro {sub31} (did you mean {sub1}?)',
    ],
    [
      { ...base, cross_postback_url: 'https://net.example/?r={revenu}' },
      'cross_postback_url: unknown macro {revenu} (did you mean {revenue}?)',
    ],
  ];
  for (const [payload, error] of cases) {
    const answer = await call(app, 'POST', '/3.0/admin/offers', payload);
    assert.deepEqual(answer, { status: 400, body: { status: 2, error, message: error } });
  }
  const offer = await create(app, 'offers', {
    ...base,
    cross_postback_url: 'https://net.example/?r={revenue}&s={order_sum}&c={clickid}',
  });
  const patch = await call(app, 'PATCH', `/3.0/admin/offers/${offer.id}`, {
    tracking_url: 'https://shop.example/{offer}',
  });
  assert.equal(patch.status, 400);
  assert.match(patch.body.error, /^tracking_url: unknown macro \{offer\} \(did you mean \{offer_id\}\?\)$/);
});

test('offers: 404 for unknown ids, and delete removes the offer from tracking', async (t) => {
  const { app, advertiser } = await setUp(t);
  assert.equal((await call(app, 'GET', '/3.0/admin/offers/7')).status, 404);
  assert.equal((await call(app, 'PATCH', '/3.0/admin/offers/7', { title: 'x' })).status, 404);
  const offer = await create(app, 'offers', { title: 'o', advertiser_id: advertiser, tracking_url: TRACKING });
  assert.ok(app.ctx.catalog.offer(offer.id));
  assert.equal((await call(app, 'DELETE', `/3.0/admin/offers/${offer.id}`)).status, 200);
  assert.equal(app.ctx.catalog.offer(offer.id), undefined);
  assert.equal((await call(app, 'DELETE', `/3.0/admin/offers/${offer.id}`)).status, 404);
});
