/**
 * The bench's command line and the pairing of compared rows: pure functions, checked here so
 * that a broken option is found without running the bench.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions, type BenchOptions } from '../../bench/options.js';
import { roundNotes, tableLines, type Row } from '../../bench/report.js';

function parse(...argv: string[]): BenchOptions {
  const options = parseOptions(argv);
  assert.notEqual(options, 'help');
  return options as BenchOptions;
}

test('bench options: defaults, --quick shortens the loads, explicit values win', () => {
  const full = parse();
  assert.equal(full.durationS, 10);
  assert.equal(full.warmupS, 2);
  assert.equal(full.retries, 2);
  const quick = parse('--quick');
  assert.ok(quick.durationS < full.durationS && quick.outboundJobs < full.outboundJobs);
  assert.equal(quick.retries, 0);
  assert.equal(parse('--quick', '--duration', '7').durationS, 7);
  assert.equal(parseOptions(['--help']), 'help');
});

test('bench options: --env and --compare-env are NAME=VALUE, kept per side', () => {
  const options = parse('--env', 'WRITE_BATCH_MS=5', '--compare', 'main', '--compare-env', 'FEATURE=off');
  assert.equal(options.serverEnv.WRITE_BATCH_MS, '5');
  assert.equal(options.serverEnv.OUTBOUND_ALLOW_PRIVATE, 'true');
  assert.equal(options.serverEnv.FEATURE, undefined);
  assert.deepEqual(options.compareEnv, { FEATURE: 'off' });
  assert.equal(options.compareRef, 'main');
  assert.throws(() => parseOptions(['--env', 'lower=1']), /--env expects NAME=VALUE/);
  assert.throws(() => parseOptions(['--duration', '0']), /--duration must be a positive number/);
  assert.throws(() => parseOptions(['--postback-method', 'PUT']), /GET or POST/);
});

test('bench table: each compared row comes just above its counterpart, which carries the ratio', () => {
  const row = (target: string, rps: number): Row => ({ target, result: null, rps, rssMb: 1, kind: 'other' });
  const lines = tableLines([row('a', 100), row('b', 50)], [row('b', 40), row('only compared', 1)], 'main');
  assert.deepEqual(
    lines.map((line) => [line.row.target, line.side ?? null, line.compared?.rps ?? null]),
    [
      ['a', null, null],
      ['b', 'main', null],
      ['b', null, 40],
      ['only compared', 'main', null],
    ],
  );
});

test('bench table: rounds show each side’s median round and the median of the paired ratios', () => {
  const row = (target: string, rps: number): Row => ({ target, result: null, rps, rssMb: 1, kind: 'other' });
  // Round 2 ran on a slow machine for both sides: its rates are low, its ratio is not.
  const own = [row('a', 90), row('a', 45), row('a', 100)];
  const compared = [row('a', 100), row('a', 50), row('a', 80)];
  const lines = tableLines(own, compared, 'off');
  assert.deepEqual(
    lines.map((line) => [line.side ?? null, line.row.rps]),
    [
      ['off', 80],
      [null, 90],
    ],
  );
  assert.deepEqual(lines[1].roundRatios, [0.9, 0.9, 1.25]);
  assert.equal(lines[1].ratio, 0.9);
  assert.match(roundNotes(lines)[0], /^a: .*90%, 90%, 125% \(median 90%\)$/);
  assert.equal(parse('--compare-env', 'A=1', '--rounds', '3').rounds, 3);
  assert.throws(() => parseOptions(['--rounds', '3']), /--rounds needs --compare/);
  assert.throws(() => parseOptions(['--rounds', '1.5', '--compare', 'main']), /whole number/);
});

test('bench options: --paired-loads picks the paired loads, PostgreSQL ones only with --postgres', () => {
  const pg = ['--postgres', 'postgres://localhost/test'];
  const paired = ['--only', 'paired', '--compare-env', 'STATS_COUNTERS=off'];
  assert.deepEqual(parse(...paired).pairedLoads, ['click', 'postback']);
  assert.deepEqual(parse(...paired, ...pg).pairedLoads, ['click', 'postback', 'pg-click', 'pg-postback']);
  assert.deepEqual(parse(...paired, ...pg, '--paired-loads', 'pg-postback, click').pairedLoads, [
    'click',
    'pg-postback',
  ]);
  assert.throws(() => parseOptions([...paired, '--paired-loads', 'pg-click']), /pg-click needs --postgres/);
  assert.throws(() => parseOptions([...paired, '--paired-loads', 'clicks']), /unknown load "clicks"/);
  assert.throws(() => parseOptions(['--paired-loads', 'click']), /--paired-loads needs --only paired/);
});
