/** Configuration from the environment, checked once, bad values named in one line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig, parseDuration } from '../src/config.js';

test('defaults are the documented ones', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.databaseUrl, 'file:./data/trackpost.db');
  assert.equal(config.adminApiKey, null);
  assert.equal(config.role, 'all');
  assert.deepEqual(config.deliveryBackoffMs, [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000]);
  assert.equal(config.deliveryTimeoutMs, 10_000);
  assert.equal(config.deliveryConcurrency, 64);
  assert.equal(config.outboundAllowPrivate, false);
  assert.deepEqual(config.trustProxy, []);
  assert.equal(config.logRetentionDays, 90);
});

test('durations take ms, s, m and h', () => {
  assert.deepEqual(['250ms', '2s', '5m', '1h', '1.5s'].map(parseDuration), [250, 2000, 300_000, 3_600_000, 1500]);
  for (const bad of ['5', '5d', '-1m', 'm', '']) assert.equal(parseDuration(bad), null, bad);
  assert.deepEqual(loadConfig({ DELIVERY_BACKOFF: '10ms,1s' }).deliveryBackoffMs, [10, 1000]);
});

test('each bad variable stops the start with a message naming it', () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ADMIN_API_KEY: 'short' }, 'ADMIN_API_KEY'],
    [{ ROLE: 'both' }, 'ROLE'],
    [{ DELIVERY_BACKOFF: '1m,soon' }, 'DELIVERY_BACKOFF'],
    [{ DELIVERY_TIMEOUT_MS: '0' }, 'DELIVERY_TIMEOUT_MS'],
    [{ DELIVERY_CONCURRENCY: '-3' }, 'DELIVERY_CONCURRENCY'],
    [{ OUTBOUND_ALLOW_PRIVATE: 'yes' }, 'OUTBOUND_ALLOW_PRIVATE'],
    [{ TRUST_PROXY: '10.0.0.0/8,proxy.local' }, 'TRUST_PROXY'],
    [{ LOG_RETENTION_DAYS: '0' }, 'LOG_RETENTION_DAYS'],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS'],
  ];
  for (const [env, name] of cases) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError, name);
        assert.ok(error.message.startsWith(`${name} `), error.message);
        assert.ok(!error.message.includes('\n'), 'one line');
        return true;
      },
    );
  }
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7' }).trustProxy, ['10.0.0.0/8', '192.0.2.7']);
});
