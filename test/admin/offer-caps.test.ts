import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { call, create } from './fixtures.js';

const TRACKING = 'https://shop.example/land?click={clickid}';

async function setUp(t: {
  after(fn: () => Promise<void>): void;
}): Promise<{ app: TestApp; offer: number; affiliate: number }> {
  const app = await startTestApp();
  t.after(() => app.close());
  const advertiser = (await create(app, 'advertisers', { name: 'Adv' })).id;
  const affiliate = (await create(app, 'affiliates', { name: 'Aff' })).id;
  const offer = await create(app, 'offers', {
    title: 'Shop',
    advertiser_id: advertiser,
    tracking_url: TRACKING,
    currency: 'EUR',
    payouts: [
      { goal: '1', revenue: 2, payout: 1 },
      { goal: 'sale', revenue: 20, payout: 10 },
    ],
  });
  return { app, offer: offer.id, affiliate };
}

test('caps: defaults, ids given by the server and kept, budget as an amount', async (t) => {
  const { app, offer, affiliate } = await setUp(t);
  const fresh = await call(app, 'GET', `/3.0/admin/offers/${offer}`);
  assert.deepEqual(fresh.body.caps, []);
  assert.equal(fresh.body.caps_timezone, 'UTC');
  assert.deepEqual(fresh.body.caps_status, ['approved', 'pending', 'hold']);
  assert.equal(fresh.body.is_redirect_overcap, false);
  const patched = await call(app, 'PATCH', `/3.0/admin/offers/${offer}`, {
    caps_timezone: 'Asia/Kolkata',
    caps_status: ['confirmed', 'pending'],
    is_redirect_overcap: true,
    caps: [
      { period: 'day', type: 'conversions', value: 10 },
      {
        period: 'month',
        type: 'payouts',
        value: 99.5,
        goal_type: 'exact',
        goals: ['Sale'],
        affiliate_type: 'exact',
        affiliates: [affiliate],
      },
    ],
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.deepEqual(
    patched.body.caps.map((c: { id: number; type: string; value: number }) => [c.id, c.type, c.value]),
    [
      [1, 'conversions', 10],
      [2, 'budget', 99.5],
    ],
  );
  assert.deepEqual(patched.body.caps_status, ['approved', 'pending']);
  const kept = await call(app, 'PATCH', `/3.0/admin/offers/${offer}`, {
    caps: [
      { id: 2, period: 'hour', type: 'clicks', value: 5 },
      { period: 'all', type: 'conversions', value: 1 },
    ],
  });
  assert.deepEqual(
    kept.body.caps.map((c: { id: number }) => c.id),
    [2, 3],
  );
});

test('caps: every mistake answers 400 with its exact text', async (t) => {
  const { app, offer } = await setUp(t);
  const rule = { period: 'day', type: 'conversions', value: 1 };
  const cases: [Record<string, unknown>, string][] = [
    [{ caps: [{ ...rule, period: 'week' }] }, 'caps[0].period must be one of hour, day, month, all'],
    [{ caps: [rule, { ...rule, type: 'leads' }] }, 'caps[1].type must be one of conversions, budget, clicks'],
    [{ caps: [{ ...rule, value: 1.5 }] }, 'caps[0].value must be a positive integer'],
    [
      { caps: [{ ...rule, type: 'budget', value: 1.00001 }] },
      'caps[0].value must be a positive amount with at most 4 decimals',
    ],
    [{ caps: [{ ...rule, type: 'clicks', period: 'all' }] }, 'caps[0]: a clicks cap cannot have period all'],
    [{ caps: [{ ...rule, type: 'clicks', goal_type: 'each' }] }, 'caps[0]: a clicks cap cannot be limited to goals'],
    [{ caps: [{ ...rule, goal_type: 'exact' }] }, 'caps[0].goals is required when goal_type is exact'],
    [{ caps: [{ ...rule, goals: ['1'] }] }, 'caps[0].goals must be empty unless goal_type is exact'],
    [{ caps: [{ ...rule, goal_type: 'exact', goals: ['nope'] }] }, 'caps[0].goals: unknown goal nope'],
    [{ caps: [{ ...rule, affiliate_type: 'exact' }] }, 'caps[0].affiliates is required when affiliate_type is exact'],
    [{ caps: [{ ...rule, affiliates: [1] }] }, 'caps[0].affiliates must be empty unless affiliate_type is exact'],
    [{ caps: [{ ...rule, affiliate_type: 'exact', affiliates: [999] }] }, 'caps[0].affiliates: unknown affiliate 999'],
    [{ caps: Array.from({ length: 51 }, () => rule) }, 'caps: at most 50 rules'],
    [{ caps_timezone: 'Mars/Base' }, 'caps_timezone: unknown time zone Mars/Base'],
    [{ caps_status: [] }, 'caps_status must be a non-empty list of approved, pending, hold, declined'],
    [{ caps_status: ['declined'] }, 'caps_status cannot count declined conversions only'],
  ];
  for (const [patch, error] of cases) {
    const answer = await call(app, 'PATCH', `/3.0/admin/offers/${offer}`, patch);
    assert.equal(answer.status, 400, JSON.stringify(patch));
    assert.equal(answer.body.error, error);
  }
  await call(app, 'PATCH', `/3.0/admin/offers/${offer}`, {
    caps: [rule, { ...rule, goal_type: 'exact', goals: ['sale'] }],
  });
  const dropped = await call(app, 'PATCH', `/3.0/admin/offers/${offer}`, {
    payouts: [{ goal: '1', revenue: 2, payout: 1 }],
  });
  assert.equal(dropped.status, 400);
  assert.equal(dropped.body.error, 'payouts: goal sale is used by caps[1]');
});
