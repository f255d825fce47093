/**
 * Test set-up for outbound postbacks end to end: a catalog made through the admin API, real
 * clicks and advertiser postbacks, a delivery worker, a local receiver, and a wait for every
 * outbound job to settle.
 */
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { startDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from '../../src/outbound/worker.js';
import type { OutboundJob } from '../../src/domain/entities.js';
import { eventually } from '../helpers/eventually.js';

export interface World {
  t: TestApp;
  sink: Sink;
  worker: DeliveryWorker;
  advertiser: number;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  body: any;
}

export async function startWorld(
  env: Record<string, string> = {},
  workerOptions: DeliveryWorkerOptions = { idlePollMs: 20 },
): Promise<World> {
  const t = await startTestApp({ DELIVERY_BACKOFF: '10ms', ...env });
  const sink = await startSink();
  const worker = startDeliveryWorker(t.ctx, workerOptions);
  const advertiser = (await api(t, 'POST', '/3.0/admin/advertisers', { name: 'Acme' })).body.id as number;
  return {
    t,
    sink,
    worker,
    advertiser,
    async close() {
      await worker.stop();
      await sink.close();
      await t.close();
    },
  };
}

/** One API request with the given key (the admin key by default); the JSON answer parsed. */
export async function api(t: TestApp, method: string, url: string, payload?: unknown, key?: string): Promise<Answer> {
  const response = await t.app.inject({
    method: method as 'GET',
    url,
    headers: { 'api-key': key ?? t.admin['api-key'] },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
}

/** Creates through the admin API, asserting 201. */
export async function create(t: TestApp, path: string, payload: unknown): Promise<any> {
  const answer = await api(t, 'POST', path, payload);
  assert.equal(answer.status, 201, `${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** An affiliate; `api_key` is its affiliate API key. */
export function createAffiliate(w: World, name: string, extra: object = {}): Promise<{ id: number; api_key: string }> {
  return create(w.t, '/3.0/admin/affiliates', { name, ...extra });
}

/** An offer with goals "1" (approved, revenue 10, payout 7) and "sale" (pending, 25 / 12.5). */
export function createOffer(w: World, extra: object = {}): Promise<{ id: number }> {
  return create(w.t, '/3.0/admin/offers', {
    title: 'Spring sale & more',
    advertiser_id: w.advertiser,
    tracking_url: 'https://shop.example/?c={clickid}',
    payouts: [
      { goal: '1', title: 'Install', revenue: 10, payout: 7 },
      { goal: 'Sale', title: 'Sale', revenue: 25, payout: 12.5, default_status: 'pending' },
    ],
    ...extra,
  });
}

/** A click through GET /click; returns its click id. */
export async function click(w: World, offer: number, affiliate: number, query = ''): Promise<string> {
  const response = await w.t.app.inject({ method: 'GET', url: `/click?offer_id=${offer}&pid=${affiliate}${query}` });
  assert.equal(response.statusCode, 302, response.body);
  return new URL(response.headers.location as string).searchParams.get('c')!;
}

/** An advertiser postback (GET /postback with `params`); returns the conversion id. */
export async function postback(
  w: World,
  params: Record<string, string>,
  message = 'Conversion created',
): Promise<string> {
  const response = await w.t.app.inject({ method: 'GET', url: `/postback?${new URLSearchParams(params)}` });
  const body = JSON.parse(response.body);
  assert.equal(body.message, message, response.body);
  return body.conversion_id;
}

/** Waits until no outbound job is pending or retrying; returns every job, oldest first. */
export async function settled(w: World): Promise<OutboundJob[]> {
  const range = { from: Date.now() - 86_400_000, to: Date.now() + 86_400_000 };
  return eventually(
    async () => {
      const page = await w.t.ctx.store.outbound.list(
        { ...range, kinds: ['postback', 'tracking_event', 'cross_postback'] },
        { page: 1, limit: 1000 },
      );
      return page.rows.some((job) => job.state === 'pending' || job.state === 'retrying')
        ? undefined
        : page.rows.reverse();
    },
    undefined,
    'outbound jobs to settle',
  );
}

/** The received requests' paths (without query), in arrival order. */
export function paths(sink: Sink): string[] {
  return sink.requests.map((request) => request.url.split('?')[0]);
}

/** The query of a received request. */
export function queryOf(url: string): URLSearchParams {
  return new URL(url, 'http://sink').searchParams;
}
