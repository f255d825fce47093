/**
 * Cap windows (domain/zone-offsets.ts, windowAt): the window it remembers for a period and zone
 * stands for every instant it is asked about only when that is the window computed afresh, in
 * zones with daylight saving time, half-hour offsets and a half-hour shift (Lord Howe), across
 * their transitions and across hour, day and month boundaries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeWindow, windowAt } from '../../src/domain/zone-offsets.js';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/Santiago',
];
const PERIODS = ['hour', 'day', 'month'] as const;
const HOUR = 3_600_000;

/** The instants around which zones change their offsets in 2026 (UTC). */
const TRANSITIONS = [
  Date.UTC(2026, 2, 29, 1), // Europe: clocks forward
  Date.UTC(2026, 9, 25, 1), // Europe: clocks back
  Date.UTC(2026, 3, 4, 15), // Lord Howe: half an hour back
  Date.UTC(2026, 9, 3, 15), // Lord Howe: half an hour forward
  Date.UTC(2026, 2, 8, 5, 30), // St. John's: forward
  Date.UTC(2026, 3, 5, 3), // Santiago: back
];

test('cap windows: a remembered window is the window computed afresh, for every instant asked', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...ZONES),
      fc.constantFrom(...PERIODS),
      fc.oneof(fc.constantFrom(...TRANSITIONS), fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) })),
      // Steps of up to two hours either way: the same window again, the next, the one before.
      fc.array(fc.integer({ min: -2 * HOUR, max: 2 * HOUR }), { minLength: 1, maxLength: 40 }),
      (zone, period, from, steps) => {
        let at = from;
        for (const step of steps) {
          at += step;
          const window = windowAt(period, zone, at);
          assert.deepEqual(
            window,
            computeWindow(period, zone, at),
            `${period} in ${zone} at ${new Date(at).toISOString()}`,
          );
          assert.ok(window.start <= at && at < (window.end ?? Number.POSITIVE_INFINITY));
          // The first instant of the next window belongs to it, not to the one remembered.
          const next = window.end ?? 0;
          assert.deepEqual(windowAt(period, zone, next), computeWindow(period, zone, next));
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('cap windows: all time is one window', () => {
  assert.deepEqual(windowAt('all', 'Asia/Kolkata', Date.UTC(2026, 5, 1)), { start: 0, end: null });
});
