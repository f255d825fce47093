/**
 * Delivery against a real local receiver: retries and their schedule, final failures,
 * timeouts, idempotency keys, Standard Webhooks signatures, leases and shutdown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { startSink } from '../helpers/sink.js';
import { startDeliveryWorker } from '../../src/outbound/worker.js';
import type { OutboundJob } from '../../src/domain/entities.js';
import { eventually } from '../helpers/eventually.js';
import { insertJobs, jobInput } from './outbox.js';

const FINAL = new Set(['delivered', 'failed', 'skipped']);

async function setup(env: Record<string, string> = {}) {
  const t = await startTestApp({ DELIVERY_BACKOFF: '10ms,10ms', ...env });
  const sink = await startSink();
  return {
    t,
    sink,
    async close() {
      await sink.close();
      await t.close();
    },
  };
}

/** Waits until the job reaches a final state and returns it. */
function settled(t: TestApp, id: string, timeoutMs = 30_000): Promise<OutboundJob> {
  return eventually(
    async () => {
      const job = await t.ctx.store.outbound.get(id);
      return job && FINAL.has(job.state) ? job : undefined;
    },
    timeoutMs,
    `job ${id} to settle`,
  );
}

test('500, 500, then 200: delivered on the third attempt, every attempt logged with one Idempotency-Key', async () => {
  const { t, sink, close } = await setup();
  const worker = startDeliveryWorker(t.ctx);
  try {
    sink.respond((_request, index) => (index < 2 ? { status: 500, body: 'try later' } : { status: 200 }));
    const [id] = await insertJobs(t, [jobInput(`${sink.url}/pb?x=1`)]);
    const job = await settled(t, id);
    assert.equal(job.state, 'delivered');
    assert.equal(job.attempts, 3);
    assert.equal(job.http_code, 200);
    assert.equal(job.error, null);
    const attempts = await t.ctx.store.outbound.attempts(id);
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.http_code, a.error]),
      [
        [1, 500, 'try later'],
        [2, 500, 'try later'],
        [3, 200, null],
      ],
    );
    assert.equal(sink.requests.length, 3);
    assert.deepEqual(
      sink.requests.map((r) => r.headers['idempotency-key']),
      [id, id, id],
    );
    assert.ok(sink.requests.every((r) => r.method === 'GET' && r.url === '/pb?x=1'));
    const metrics = await t.ctx.metrics.registry.metrics();
    assert.match(metrics, /trackpost_deliveries_total\{kind="postback",state="retrying"\} 2/);
    assert.match(metrics, /trackpost_deliveries_total\{kind="postback",state="delivered"\} 1/);
    assert.match(metrics, /trackpost_delivery_seconds_count\{kind="postback"\} 3/);
  } finally {
    await worker.stop();
    await close();
  }
});

test('404 is final at once: one attempt, failed', async () => {
  const { t, sink, close } = await setup();
  const worker = startDeliveryWorker(t.ctx);
  try {
    sink.respond(() => ({ status: 404, body: '' }));
    const [id] = await insertJobs(t, [jobInput(`${sink.url}/missing`)]);
    const job = await settled(t, id);
    assert.equal(job.state, 'failed');
    assert.equal(job.attempts, 1);
    assert.equal(job.http_code, 404);
    assert.equal(job.error, 'HTTP 404');
    assert.equal(sink.requests.length, 1);
  } finally {
    await worker.stop();
    await close();
  }
});

test('a success is delivered whatever its body, small or larger than is ever read', async () => {
  const { t, sink, close } = await setup();
  const worker = startDeliveryWorker(t.ctx);
  try {
    sink.respond((request) => ({ status: 200, body: request.url.includes('big') ? 'x'.repeat(1_000_000) : 'ok' }));
    const ids = await insertJobs(t, [
      jobInput(`${sink.url}/big`),
      jobInput(`${sink.url}/small`),
      jobInput(`${sink.url}/big?again`),
    ]);
    for (const id of ids) {
      const job = await settled(t, id);
      assert.equal(job.state, 'delivered');
      assert.equal(job.http_code, 200);
      assert.equal(job.error, null);
    }
    assert.equal(sink.requests.length, 3);
  } finally {
    await worker.stop();
    await close();
  }
});

test('408, 429 and 5xx are retried until the backoff steps run out, then failed', async () => {
  const { t, sink, close } = await setup({ DELIVERY_BACKOFF: '5ms,5ms,5ms,5ms,5ms,5ms,5ms' });
  const worker = startDeliveryWorker(t.ctx);
  try {
    const codes = [408, 429, 502, 503, 504, 500, 599, 503];
    sink.respond((_request, index) => ({ status: codes[index] ?? 200 }));
    const [id] = await insertJobs(t, [jobInput(`${sink.url}/busy`)]);
    const job = await settled(t, id);
    assert.equal(job.state, 'failed');
    assert.equal(job.attempts, 8);
    assert.equal(job.http_code, 503);
    assert.deepEqual(
      (await t.ctx.store.outbound.attempts(id)).map((a) => a.http_code),
      codes,
    );
  } finally {
    await worker.stop();
    await close();
  }
});

test('a receiver that never answers times out (http_code 0) and is retried', async () => {
  const { t, sink, close } = await setup({ DELIVERY_TIMEOUT_MS: '150', DELIVERY_BACKOFF: '10ms' });
  const worker = startDeliveryWorker(t.ctx);
  try {
    sink.respond(() => ({ hang: true }));
    const [id] = await insertJobs(t, [jobInput(`${sink.url}/slow`)]);
    const job = await settled(t, id);
    assert.equal(job.state, 'failed');
    assert.equal(job.attempts, 2);
    assert.equal(job.http_code, 0);
    const attempts = await t.ctx.store.outbound.attempts(id);
    assert.equal(attempts.length, 2);
    for (const attempt of attempts) {
      assert.equal(attempt.http_code, 0);
      assert.equal(attempt.error, 'Timeout after 150 ms');
    }
  } finally {
    await worker.stop();
    await close();
  }
});

test('connection refused is a network error: retried, then failed with the error text', async () => {
  const { t, sink } = await setup({ DELIVERY_BACKOFF: '10ms' });
  const deadUrl = `${sink.url}/x`;
  await sink.close();
  const worker = startDeliveryWorker(t.ctx);
  try {
    const [id] = await insertJobs(t, [jobInput(deadUrl)]);
    const job = await settled(t, id);
    assert.equal(job.state, 'failed');
    assert.equal(job.attempts, 2);
    assert.equal(job.http_code, 0);
    assert.match(job.error ?? '', /ECONNREFUSED/);
  } finally {
    await worker.stop();
    await t.close();
  }
});

test('redirects are not followed: a 302 is a final failure', async () => {
  const { t, sink, close } = await setup();
  const worker = startDeliveryWorker(t.ctx);
  try {
    sink.respond((request) => (request.url === '/moved' ? { status: 302, body: '' } : { status: 200 }));
    const [id] = await insertJobs(t, [jobInput(`${sink.url}/moved`)]);
    const job = await settled(t, id);
    assert.equal(job.state, 'failed');
    assert.equal(job.http_code, 302);
    assert.equal(sink.requests.length, 1);
  } finally {
    await worker.stop();
    await close();
  }
});

test('a signed POST carries Standard Webhooks headers that verify, for whsec_ and raw secrets', async () => {
  const { t, sink, close } = await setup();
  const worker = startDeliveryWorker(t.ctx);
  try {
    const whsec = `whsec_${Buffer.from('a-very-secret-key-of-32-bytes!!!').toString('base64')}`;
    const raw = 'plain-text-secret';
    const body = JSON.stringify({ clickid: 'abc', payout: 2.5 });
    const ids = await insertJobs(t, [
      jobInput(`${sink.url}/hook/whsec`, { method: 'POST', body, signing_secret: whsec }),
      jobInput(`${sink.url}/hook/raw`, { method: 'POST', body, signing_secret: raw }),
      jobInput(`${sink.url}/hook/unsigned`, { method: 'POST', body, signing_secret: null }),
    ]);
    await Promise.all(ids.map((id) => settled(t, id)));
    const byPath = new Map(sink.requests.map((r) => [r.url, r]));
    const signed = byPath.get('/hook/whsec')!;
    assert.equal(signed.body, body);
    assert.equal(signed.headers['content-type'], 'application/json');
    assert.equal(signed.headers['webhook-id'], ids[0]);
    assert.deepEqual(
      new Webhook(whsec).verify(signed.body, signed.headers as Record<string, string>),
      JSON.parse(body),
    );
    const rawSigned = byPath.get('/hook/raw')!;
    assert.deepEqual(
      new Webhook(raw, { format: 'raw' }).verify(rawSigned.body, rawSigned.headers as Record<string, string>),
      JSON.parse(body),
    );
    // A wrong secret must not verify: the signature really depends on the key.
    assert.throws(() =>
      new Webhook(`whsec_${Buffer.from('another-key').toString('base64')}`).verify(
        signed.body,
        signed.headers as Record<string, string>,
      ),
    );
    const unsigned = byPath.get('/hook/unsigned')!;
    assert.equal(unsigned.headers['webhook-signature'], undefined);
    assert.equal(unsigned.headers['idempotency-key'], ids[2]);
  } finally {
    await worker.stop();
    await close();
  }
});

test('jobs claimed by a worker that died are delivered by another once the lease runs out', async () => {
  const { t, sink, close } = await setup({ DELIVERY_LEASE_MS: '1000' });
  try {
    const ids = await insertJobs(t, [jobInput(`${sink.url}/a`), jobInput(`${sink.url}/b`)]);
    // The "dead" worker: claims and never completes.
    const claimed = await t.ctx.store.outbound.claim(Date.now(), 10, 1000);
    assert.deepEqual(claimed.map((job) => job.id).sort(), [...ids].sort());
    assert.deepEqual(await t.ctx.store.outbound.claim(Date.now(), 10, 1000), [], 'a leased job is not claimed twice');
    const worker = startDeliveryWorker(t.ctx);
    try {
      const jobs = await Promise.all(ids.map((id) => settled(t, id)));
      assert.ok(jobs.every((job) => job.state === 'delivered' && job.attempts === 1));
      assert.equal(sink.requests.length, 2);
    } finally {
      await worker.stop();
    }
  } finally {
    await close();
  }
});

test('stop finishes the request in flight and gives claimed, unstarted jobs back', async () => {
  const { t, sink, close } = await setup({ DELIVERY_HOST_CONCURRENCY: '1', DELIVERY_TIMEOUT_MS: '500' });
  try {
    const ids = await insertJobs(t, [jobInput(`${sink.url}/1`), jobInput(`${sink.url}/2`), jobInput(`${sink.url}/3`)]);
    // Slow down only the first request so the others wait for the host's single slot.
    sink.respond((_request, index) => (index === 0 ? { hang: true } : { status: 200 }));
    const first = startDeliveryWorker(t.ctx);
    await sink.waitFor();
    await first.stop();
    const inFlight = await t.ctx.store.outbound.get(ids[0]);
    assert.equal(inFlight!.attempts, 1, 'the request in flight was finished and recorded');
    const after = await Promise.all(ids.map((id) => t.ctx.store.outbound.get(id)));
    const untouched = after.filter((job) => job!.attempts === 0);
    assert.equal(untouched.length, 2, 'two jobs were never sent');
    assert.ok(
      untouched.every((job) => job!.lease_until === null && job!.state === 'pending'),
      'and were given back',
    );
    // Given back, they go out at once with the next worker, without waiting for a lease.
    sink.respond(() => ({ status: 200 }));
    const second = startDeliveryWorker(t.ctx);
    try {
      for (const job of untouched) assert.equal((await settled(t, job!.id, 2000)).state, 'delivered');
    } finally {
      await second.stop();
    }
  } finally {
    await close();
  }
});

test('concurrency is bounded per destination host and per process', async () => {
  const { t, sink, close } = await setup({
    DELIVERY_HOST_CONCURRENCY: '2',
    DELIVERY_CONCURRENCY: '3',
    DELIVERY_TIMEOUT_MS: '200',
    DELIVERY_BACKOFF: '10ms',
  });
  const worker = startDeliveryWorker(t.ctx);
  try {
    sink.respond(() => ({ hang: true }));
    const port = new URL(sink.url).port;
    // One host first: at most 2 at once.
    const sameHost = await insertJobs(
      t,
      Array.from({ length: 4 }, (_, i) => jobInput(`http://127.0.0.1:${port}/same/${i}`)),
    );
    const sameHostJobs: OutboundJob[] = [];
    for (const id of sameHost) sameHostJobs.push(await settled(t, id));
    // Attempts are counted from the store: a request that times out before the busy receiver
    // has read it is still an attempt, though the receiver never saw it.
    assert.deepEqual(
      sameHostJobs.map((job) => job.attempts),
      [2, 2, 2, 2],
      'two attempts each',
    );
    assert.ok(sink.maxOpen >= 1 && sink.maxOpen <= 2, `never more than the host limit at once (${sink.maxOpen})`);
    // Two host names for the same receiver: the process limit (3) is what binds.
    const twoHosts = await insertJobs(
      t,
      Array.from({ length: 6 }, (_, i) =>
        jobInput(`http://${i % 2 === 0 ? '127.0.0.1' : 'localhost'}:${port}/mixed/${i}`),
      ),
    );
    for (const id of twoHosts) await settled(t, id);
    assert.ok(sink.maxOpen <= 3, `never more than the process limit at once (${sink.maxOpen})`);
  } finally {
    await worker.stop();
    await close();
  }
});

test('the worker loop survives a failing store (even a non-Error throw) and goes on delivering', async () => {
  const { t, sink, close } = await setup();
  const outbound = t.ctx.store.outbound;
  const realClaim = outbound.claim.bind(outbound);
  let failures = 0;
  outbound.claim = async (...args) => {
    if (failures < 2) {
      failures++;
      throw 'database is locked'; // not an Error: what a careless driver might throw
    }
    return realClaim(...args);
  };
  const worker = startDeliveryWorker(t.ctx);
  try {
    const [id] = await insertJobs(t, [jobInput(`${sink.url}/after-outage`)]);
    assert.equal((await settled(t, id)).state, 'delivered');
    assert.equal(failures, 2);
  } finally {
    await worker.stop();
    outbound.claim = realClaim;
    await close();
  }
});
