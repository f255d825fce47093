/**
 * The rule by which a PostgreSQL process answers a click's cap check from memory
 * (src/store/postgres/click-cap-memory.ts), on a clock the test moves: never before the other
 * processes' rate is measured, never past MAX_AGE_MS, never when twice that rate could have
 * reached the limit since the read; always for a counter at its limit; this process's own
 * stored clicks added, and not mistaken for the others'.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capSettings } from '../../src/domain/caps.js';
import { clickCaps } from '../../src/domain/click-caps.js';
import { ClickCapMemory, MAX_AGE_MS, RATE_SPAN_MS } from '../../src/store/postgres/click-cap-memory.js';
import { sampleCapRule } from './samples.js';

/** The clicks counter of affiliate 7 of `offer` under a day rule of `limit`. */
function counter(limit: number, offer = 1) {
  const settings = capSettings({ caps: [sampleCapRule({ value: limit })] });
  const touch = clickCaps(settings, offer, 'USD', 7, Date.UTC(2026, 11, 6))?.joins[0];
  assert.ok(touch);
  return touch;
}

function memoryAt(start: number) {
  const clock = { now: start };
  return { clock, memory: new ClickCapMemory(() => clock.now) };
}

test('click cap memory: nothing is answered before the others have been measured over a span', () => {
  const touch = counter(1000);
  const { clock, memory } = memoryAt(0);
  assert.equal(memory.known(touch), undefined);
  memory.read(touch, 10);
  assert.equal(memory.known(touch), undefined);
  clock.now = RATE_SPAN_MS - 1;
  memory.read(touch, 10);
  assert.equal(memory.known(touch), undefined, 'a span shorter than RATE_SPAN_MS measures nothing');
  clock.now = RATE_SPAN_MS;
  memory.read(touch, 10);
  assert.equal(memory.known(touch), 10);
});

test('click cap memory: a read stands in until MAX_AGE_MS, or until twice the others rate could reach the limit', () => {
  const touch = counter(100);
  const { clock, memory } = memoryAt(0);
  memory.read(touch, 0);
  clock.now = 100;
  // The others added 10 clicks in 100 ms: 0.1 per ms.
  memory.read(touch, 10);
  clock.now = 150;
  assert.equal(memory.known(touch), 10, '10 + 2 × 0.1 × 50 = 20, far below 100');
  clock.now = 100 + MAX_AGE_MS + 1;
  assert.equal(memory.known(touch), undefined, 'too old');
  clock.now = 200;
  memory.read(touch, 85);
  // The others added 75 in 100 ms: 0.75 per ms; 85 + 2 × 0.75 × 10 = 100 reaches the limit.
  clock.now = 209;
  assert.equal(memory.known(touch), 85);
  clock.now = 210;
  assert.equal(memory.known(touch), undefined);
});

test('click cap memory: a counter at its limit stays reached whatever its age', () => {
  const touch = counter(5);
  const { clock, memory } = memoryAt(0);
  memory.read(touch, 5);
  clock.now = 10 * MAX_AGE_MS;
  assert.equal(memory.known(touch), 5);
});

test("click cap memory: this process's stored clicks are added, and not counted as the others'", () => {
  const touch = counter(10);
  const { clock, memory } = memoryAt(0);
  memory.read(touch, 0);
  memory.counted([touch, touch, touch]);
  clock.now = RATE_SPAN_MS;
  // The database holds this process's 3 clicks only: the others' rate is 0.
  memory.read(touch, 3);
  memory.counted([touch]);
  clock.now = RATE_SPAN_MS + MAX_AGE_MS;
  // Were its own 3 clicks taken for the others', 4 + 2 × 0.03 × 100 = 10 would reach the limit.
  assert.equal(memory.known(touch), 4);
  // A counter never read is not remembered by counting.
  const other = counter(10, 2);
  memory.counted([other]);
  assert.equal(memory.known(other), undefined);
});
