/**
 * The address guard: with OUTBOUND_ALLOW_PRIVATE=false no request reaches a loopback, private,
 * link-local, multicast or otherwise internal address, however the address is spelled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';
import { startSink } from '../helpers/sink.js';
import { startDeliveryWorker } from '../../src/outbound/worker.js';
import { guardedLookup, isBlockedAddress, isBlockedLiteralHost } from '../../src/outbound/address-guard.js';
import { eventually } from '../helpers/eventually.js';
import { insertJobs, jobInput } from './outbox.js';

test('internal addresses are blocked, public ones are not', () => {
  const blocked = [
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '224.0.0.1',
    '239.255.255.250',
    '0.0.0.0',
    '100.64.0.1',
    '100.127.255.254',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    '::7f00:1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    'not-an-address',
  ];
  for (const address of blocked) assert.equal(isBlockedAddress(address), true, address);
  const allowed = [
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ];
  for (const address of allowed) assert.equal(isBlockedAddress(address), false, address);
});

test('odd IPv4 spellings in URLs are recognised as the loopback they are', () => {
  for (const url of [
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://0x7f000001/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
  ]) {
    assert.equal(isBlockedLiteralHost(new URL(url).hostname), true, url);
  }
  assert.equal(isBlockedLiteralHost(new URL('http://8.8.8.8/').hostname), false);
  assert.equal(isBlockedLiteralHost('example.com'), false, 'names are left to the lookup');
});

test('the guarded lookup refuses names that resolve to loopback', async () => {
  const error = await new Promise<Error | null>((resolve) =>
    guardedLookup('localhost', { all: true }, (err) => resolve(err)),
  );
  assert.ok(error);
  assert.equal(error.message, 'Blocked address');
});

test('deliveries to internal destinations are skipped with "Blocked address" and never sent', async () => {
  const t = await startTestApp({ OUTBOUND_ALLOW_PRIVATE: 'false', DELIVERY_BACKOFF: '10ms' });
  const sink = await startSink();
  const worker = startDeliveryWorker(t.ctx);
  try {
    const port = new URL(sink.url).port;
    const hosts = [
      '127.0.0.1',
      'localhost',
      '2130706433',
      '0x7f.1',
      '0177.0.0.1',
      '127.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:7f00:1]',
      '10.0.0.1',
      '172.16.0.1',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '[fc00::1]',
      '[fe80::1]',
      '[ff02::1]',
    ];
    const jobs = hosts.map((host) => jobInput(`http://${host}:${port}/pb`));
    // A POST too: the guard applies whatever the method.
    jobs.push(jobInput(`http://localhost:${port}/hook`, { method: 'POST', body: '{}', signing_secret: 's' }));
    const ids = await insertJobs(t, jobs);
    for (const [index, id] of ids.entries()) {
      const job = await eventually(
        async () => {
          const row = await t.ctx.store.outbound.get(id);
          return row && row.state !== 'pending' ? row : undefined;
        },
        undefined,
        `job for ${hosts[index] ?? 'POST'}`,
      );
      assert.equal(job.state, 'skipped', hosts[index]);
      assert.equal(job.error, 'Blocked address', hosts[index]);
      assert.equal(job.http_code, 0);
      assert.equal(job.attempts, 1);
    }
    assert.equal(sink.requests.length, 0, 'nothing reached the loopback receiver');
  } finally {
    await worker.stop();
    await sink.close();
    await t.close();
  }
});

test('with OUTBOUND_ALLOW_PRIVATE=true the loopback receiver is reached', async () => {
  const t = await startTestApp({ OUTBOUND_ALLOW_PRIVATE: 'true' });
  const sink = await startSink();
  const worker = startDeliveryWorker(t.ctx);
  try {
    const port = new URL(sink.url).port;
    const [id] = await insertJobs(t, [jobInput(`http://localhost:${port}/ok`)]);
    const job = await eventually(async () => {
      const row = await t.ctx.store.outbound.get(id);
      return row && row.state !== 'pending' ? row : undefined;
    });
    assert.equal(job.state, 'delivered');
    assert.equal(sink.requests.length, 1);
  } finally {
    await worker.stop();
    await sink.close();
    await t.close();
  }
});
