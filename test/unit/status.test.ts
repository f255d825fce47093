// Conversion statuses as the public contract names them: codes, names, aliases, any letter case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStatus, STATUS, statusName } from '../../src/domain/status.js';

test('a status is accepted by code, name or alias, in any letter case and with spaces around', () => {
  const accepted: [string, number][] = [
    ['1', 1],
    ['approved', 1],
    ['Confirmed', 1],
    ['2', 2],
    ['PENDING', 2],
    ['3', 3],
    ['declined', 3],
    ['rejected', 3],
    ['Cancelled', 3],
    ['canceled', 3],
    ['5', 5],
    ['hold', 5],
    [' On-Hold ', 5],
  ];
  for (const [input, code] of accepted) assert.equal(parseStatus(input), code, input);
  for (const bad of ['', '0', '4', '6', '01', 'paid', 'on hold', 'approved!'])
    assert.equal(parseStatus(bad), null, bad);
});

test('each code answers with its one name', () => {
  assert.deepEqual(
    Object.values(STATUS).map((code) => [code, statusName(code)]),
    [
      [1, 'approved'],
      [2, 'pending'],
      [3, 'declined'],
      [5, 'hold'],
    ],
  );
});
