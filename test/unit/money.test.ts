import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMoney, percentOf, toDecimal, toDecimalString } from '../../src/domain/money.js';

test('parses decimals into minor units, rounding half up at the fifth digit', () => {
  assert.equal(parseMoney('12'), 120000);
  assert.equal(parseMoney('12.5'), 125000);
  assert.equal(parseMoney('0.00015'), 2);
  assert.equal(parseMoney('0.00014'), 1);
  assert.equal(parseMoney(' 3.14159 '), 31416);
  assert.equal(parseMoney(0.1 + 0.2), 3000);
});

test('rejects what is not a non-negative decimal', () => {
  for (const bad of ['-1', 'abc', '1e5', '', '1.2.3', '١٢', '1,5', 'NaN']) assert.equal(parseMoney(bad), null, bad);
  assert.equal(parseMoney(-1), null);
  assert.equal(parseMoney(Number.POSITIVE_INFINITY), null);
});

test('percent of an amount rounds half up to 4 fraction digits', () => {
  // 33.3333 * 7.5% = 2.4999975 -> 2.5000
  assert.equal(percentOf(parseMoney('33.3333')!, parseMoney('7.5')!), 25000);
  // 0.0001 * 50% = 0.00005 -> 0.0001 (half up)
  assert.equal(percentOf(1, parseMoney('50')!), 1);
  // 19.99 * 12.345% = 2.4677655 -> 2.4678
  assert.equal(percentOf(parseMoney('19.99')!, parseMoney('12.345')!), 24678);
  assert.equal(toDecimal(24678), 2.4678);
  assert.equal(toDecimalString(24678), '2.4678');
  assert.equal(toDecimalString(120000), '12');
});
