/**
 * `GET /3.0/stats/affiliatepostbacks` and `/3.0/stats/crosspostbacks`: row fields, every
 * filter, dates, paging and bad input; and the admin's single-row view and resend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { startSink } from '../helpers/sink.js';
import { startDeliveryWorker } from '../../src/outbound/worker.js';
import { eventually } from '../helpers/eventually.js';
import { insertJobs, jobInput } from './outbox.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const around = `date_from=${day(Date.now() - DAY)}&date_to=${day(Date.now() + DAY)}`;

async function get(t: TestApp, url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: t.admin });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

async function allSettled(t: TestApp, ids: string[]) {
  await eventually(async () => {
    const jobs = await Promise.all(ids.map((id) => t.ctx.store.outbound.get(id)));
    return jobs.every((job) => job && job.state !== 'pending' && job.state !== 'retrying') ? true : undefined;
  });
}

test('outbound stats: rows with every outbound log field, every filter, dates, paging and bad input', async () => {
  const t = await startTestApp({ DELIVERY_BACKOFF: '10ms' });
  const sink = await startSink((request) =>
    request.url.startsWith('/nf') ? { status: 404, body: 'no such\n  postback' } : { status: 200 },
  );
  const worker = startDeliveryWorker(t.ctx, { idlePollMs: 20 });
  try {
    const ok = `${sink.url}/ok`;
    const ids = await insertJobs(t, [
      jobInput(ok, {
        kind: 'postback',
        offer_id: 1,
        affiliate_id: 10,
        goal: 'Sale',
        status: 1,
        notice: 'n1',
        integration: 's2s',
      }),
      jobInput(`${sink.url}/nf`, { kind: 'postback', offer_id: 2, affiliate_id: 10, goal: '1', status: 2 }),
      jobInput(ok, {
        kind: 'tracking_event',
        offer_id: 1,
        affiliate_id: 11,
        goal: '1',
        status: 3,
        integration: 'admin',
      }),
      jobInput(ok, {
        kind: 'cross_postback',
        offer_id: 1,
        affiliate_id: 10,
        goal: 'sale',
        status: 1,
        revenue: 123_456,
      }),
      jobInput(ok, { kind: 'cross_postback', offer_id: 3, affiliate_id: 12, goal: '1', status: 2 }),
    ]);
    const [old] = await insertJobs(
      t,
      [jobInput(ok, { kind: 'postback', offer_id: 1, affiliate_id: 10 })],
      Date.now() - 5 * DAY,
    );
    await allSettled(t, [...ids, old]);

    const all = await get(t, `/3.0/stats/affiliatepostbacks?${around}`);
    assert.equal(all.status, 200);
    assert.equal(all.body.status, 1);
    assert.deepEqual(all.body.pagination, { per_page: 100, total_count: 3, page: 1 });
    assert.deepEqual(
      all.body.postbacks.map((row: any) => row.id),
      [ids[2], ids[1], ids[0]],
      'newest first, no cross-postbacks',
    );
    const first = all.body.postbacks[2];
    assert.deepEqual(
      Object.keys(first).sort(),
      [
        '_get',
        '_id',
        '_post',
        'affiliate_id',
        'attempts',
        'conversion_id',
        'created_at',
        'currency',
        'date',
        'error',
        'goal',
        'http_code',
        'id',
        'integration',
        'job_id',
        'lead_id',
        'method',
        'notice',
        'offer_id',
        'payouts',
        'pid',
        'postback_url',
        'revenue',
        'state',
        'status',
        'status_code',
        'status_name',
        'type',
        'url',
      ].sort(),
    );
    assert.deepEqual(
      [
        first.type,
        first.url,
        first.method,
        first.affiliate_id,
        first.offer_id,
        first.goal,
        first.status,
        first.status_code,
        first.payouts,
        first.revenue,
        first.currency,
        first.notice,
        first.http_code,
        first.error,
        first.state,
        first.attempts,
        first.integration,
      ],
      ['postback', ok, 'GET', 10, 1, 'Sale', 1, 1, 2.5, 4, 'USD', 'n1', 200, null, 'delivered', 1, 's2s'],
    );
    assert.equal(first.status_name, 'approved');
    assert.match(first.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(first.date.sec, Math.floor(Date.parse(first.created_at) / 1000));
    const failed = all.body.postbacks[1];
    assert.deepEqual(
      [failed.state, failed.http_code, failed.attempts, failed.error],
      ['failed', 404, 1, 'no such postback'],
    );

    const ids_ = async (query: string, slice = 'affiliatepostbacks') => {
      const answer = await get(t, `/3.0/stats/${slice}?${around}&${query}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.postbacks.map((row: any) => row.id).sort();
    };
    assert.deepEqual(await ids_('offer[]=1'), [ids[0], ids[2]].sort());
    assert.deepEqual(await ids_('offer[]=1&offer[]=2'), [ids[0], ids[1], ids[2]].sort());
    assert.deepEqual(await ids_('offer=2'), [ids[1]]);
    assert.deepEqual(await ids_('partner[]=11'), [ids[2]]);
    assert.deepEqual(await ids_('partner=10,11'), [ids[0], ids[1], ids[2]].sort());
    assert.deepEqual(await ids_('goal=sale'), [ids[0]], 'goal is case-insensitive');
    assert.deepEqual(await ids_('status=declined'), [ids[2]]);
    assert.deepEqual(await ids_('status=2'), [ids[1]]);
    assert.deepEqual(await ids_('http_code=404'), [ids[1]]);
    assert.deepEqual(await ids_('http_code=200'), [ids[0], ids[2]].sort());
    assert.deepEqual(await ids_('type=tracking_event'), [ids[2]]);
    assert.deepEqual(await ids_('type=postback'), [ids[0], ids[1]].sort());
    assert.deepEqual(await ids_('type=postback&offer[]=1&goal=SALE&status=approved&http_code=200&partner[]=10'), [
      ids[0],
    ]);

    assert.deepEqual(await ids_('', 'crosspostbacks'), [ids[3], ids[4]].sort());
    assert.deepEqual(await ids_('offer[]=1', 'crosspostbacks'), [ids[3]]);
    assert.deepEqual(await ids_('partner[]=12&status=pending', 'crosspostbacks'), [ids[4]]);
    assert.deepEqual(await ids_('goal=SALE&http_code=200', 'crosspostbacks'), [ids[3]]);
    const cross = await get(t, `/3.0/stats/crosspostbacks?${around}&offer=1`);
    assert.equal(cross.body.postbacks[0].revenue, 12.3456);
    assert.equal(cross.body.postbacks[0].type, 'cross_postback');

    const oldDay = day(Date.now() - 5 * DAY);
    const past = await get(t, `/3.0/stats/affiliatepostbacks?date_from=${oldDay}&date_to=${oldDay}`);
    assert.deepEqual(
      past.body.postbacks.map((row: any) => row.id),
      [old],
    );
    const paged = await get(t, `/3.0/stats/affiliatepostbacks?${around}&limit=2&page=2`);
    assert.deepEqual(paged.body.pagination, { per_page: 2, total_count: 3, page: 2 });
    assert.deepEqual(
      paged.body.postbacks.map((row: any) => row.id),
      [ids[0]],
    );

    const bad = async (query: string, error: RegExp, slice = 'affiliatepostbacks') => {
      const answer = await get(t, `/3.0/stats/${slice}?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(answer.body.status, 2);
      assert.match(answer.body.error, error, query);
    };
    await bad(`${around}&type=cross_postback`, /^type: expected postback or tracking_event/);
    await bad(`${around}&type=postback`, /^type: expected cross_postback/, 'crosspostbacks');
    await bad(`${around}&status=paid`, /^status: unknown status "paid"/);
    await bad(`${around}&http_code=ok`, /^http_code: /);
    await bad(`${around}&offer[]=x`, /^offer: /);
    await bad(`${around}&colour=red`, /^colour: unknown parameter/);
    await bad('date_to=2026-01-01', /^date_from: is required/);
    const unauthorized = await t.app.inject({ method: 'GET', url: `/3.0/stats/crosspostbacks?${around}` });
    assert.equal(unauthorized.statusCode, 401);
  } finally {
    await worker.stop();
    await sink.close();
    await t.close();
  }
});

test('admin: one outbound row with its attempts, and resend sends it again with the same Idempotency-Key', async () => {
  const t = await startTestApp({ DELIVERY_BACKOFF: '10ms' });
  const sink = await startSink((_request, index) => ({ status: index === 0 ? 404 : 200 }));
  const worker = startDeliveryWorker(t.ctx, { idlePollMs: 20 });
  try {
    const [id] = await insertJobs(t, [jobInput(`${sink.url}/pb`)]);
    await allSettled(t, [id]);
    const view = await get(t, `/3.0/admin/outbound/${id}`);
    assert.equal(view.status, 200);
    assert.deepEqual([view.body.state, view.body.attempts, view.body.attempt_log.length], ['failed', 1, 1]);
    assert.equal(view.body.attempt_log[0].http_code, 404);

    const resent = await t.app.inject({ method: 'POST', url: `/3.0/admin/outbound/${id}/resend`, headers: t.admin });
    assert.equal(resent.statusCode, 200, resent.body);
    assert.equal(JSON.parse(resent.body).state, 'pending');
    await sink.waitForCount(2);
    await eventually(async () => ((await t.ctx.store.outbound.get(id))?.state === 'delivered' ? true : undefined));
    const after = await get(t, `/3.0/admin/outbound/${id}`);
    assert.deepEqual([after.body.state, after.body.attempts, after.body.http_code], ['delivered', 2, 200]);
    assert.deepEqual(
      after.body.attempt_log.map((a: any) => a.http_code),
      [404, 200],
    );
    assert.deepEqual(
      sink.requests.map((r) => r.headers['idempotency-key']),
      [id, id],
    );

    for (const unknown of ['0123456789abcdef01234567', 'nope']) {
      const missing = await t.app.inject({
        method: 'POST',
        url: `/3.0/admin/outbound/${unknown}/resend`,
        headers: t.admin,
      });
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(JSON.parse(missing.body), {
        status: 2,
        error: 'Outbound postback not found',
        message: 'Outbound postback not found',
      });
    }
    const noKey = await t.app.inject({ method: 'POST', url: `/3.0/admin/outbound/${id}/resend` });
    assert.equal(noKey.statusCode, 401);
  } finally {
    await worker.stop();
    await sink.close();
    await t.close();
  }
});
