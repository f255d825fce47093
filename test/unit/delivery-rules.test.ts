// The retry policy of outbound delivery: what follows each attempt.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRetryableCode, nextState } from '../../src/outbound/retry-policy.js';

const BACKOFF = [1000, 5000];
const answered = (httpCode: number) => ({ kind: 'answered' as const, httpCode, error: null });

test('a 2xx is delivered; a refusal is skipped; an unusable request fails at once', () => {
  for (const code of [200, 204, 299])
    assert.deepEqual(nextState(answered(code), 1, BACKOFF, 0), { state: 'delivered', next_attempt_at: null });
  assert.deepEqual(nextState({ kind: 'blocked', error: 'Blocked address' }, 1, BACKOFF, 0), {
    state: 'skipped',
    next_attempt_at: null,
  });
  assert.deepEqual(nextState({ kind: 'invalid', error: 'bad URL' }, 1, BACKOFF, 0), {
    state: 'failed',
    next_attempt_at: null,
  });
});

test('408, 429, 5xx and no answer are retried along the backoff, then fail', () => {
  for (const outcome of [
    answered(408),
    answered(429),
    answered(500),
    answered(503),
    { kind: 'no_answer' as const, error: 'timeout' },
  ]) {
    assert.deepEqual(nextState(outcome, 1, BACKOFF, 100), { state: 'retrying', next_attempt_at: 1100 });
    assert.deepEqual(nextState(outcome, 2, BACKOFF, 100), { state: 'retrying', next_attempt_at: 5100 });
    assert.deepEqual(nextState(outcome, 3, BACKOFF, 100), { state: 'failed', next_attempt_at: null });
  }
});

test('other answers (3xx, 4xx) are final at once', () => {
  for (const code of [301, 302, 400, 404, 410]) {
    assert.equal(isRetryableCode(code), false, String(code));
    assert.deepEqual(nextState(answered(code), 1, BACKOFF, 0), { state: 'failed', next_attempt_at: null });
  }
  assert.deepEqual(
    nextState(answered(500), 1, [], 0),
    { state: 'failed', next_attempt_at: null },
    'no backoff: one attempt',
  );
});
