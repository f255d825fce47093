// Time-ordered ids: the layout, the order, the bounds of date ranges, and the one case rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isObjectId,
  LAST_ID_SECOND,
  newObjectId,
  objectIdKey,
  objectIdLowerBound,
  objectIdTime,
} from '../../src/domain/object-id.js';

test('new ids are 24 lower-case hex characters that sort by creation time', () => {
  const at = Date.UTC(2026, 0, 2, 3, 4, 5);
  const ids = [newObjectId(at), newObjectId(at), newObjectId(at + 1000)];
  for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, 3);
  assert.equal(objectIdTime(ids[0]), at);
  // After the 4-byte time: 5 bytes drawn once per process, then a 3-byte counter that steps by one.
  assert.equal(new Set(ids.map((id) => id.slice(8, 18))).size, 1);
  const counters = ids.map((id) => parseInt(id.slice(18), 16));
  assert.deepEqual(
    counters.slice(1).map((counter, i) => (counter - counters[i] + 0x1000000) % 0x1000000),
    [1, 1],
  );
});

test('ids are accepted in either case and stored in lower case', () => {
  const id = newObjectId();
  assert.equal(isObjectId(id.toUpperCase()), true);
  assert.equal(objectIdKey(id.toUpperCase()), id);
  for (const bad of ['', 'abc', 'g'.repeat(24), `${id}0`]) assert.equal(isObjectId(bad), false, bad);
});

test('the lower bound of a time is the smallest id made then, held within what an id can hold', () => {
  const at = Date.UTC(2026, 0, 2);
  assert.equal(objectIdLowerBound(at) <= newObjectId(at), true);
  assert.equal(objectIdLowerBound(at + 1000) > newObjectId(at), true);
  assert.equal(objectIdLowerBound(-5), '0'.repeat(24));
  assert.equal(objectIdLowerBound(Date.UTC(9999, 11, 31)), LAST_ID_SECOND.toString(16) + '0'.repeat(16));
});
