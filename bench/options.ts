/**
 * The bench's command line: every option, its default, and the checks on its value. Parsing
 * does nothing else; bench/run.ts acts on the result.
 */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  durationS: number;
  warmupS: number;
  connections: number;
  prefill: number;
  postbackMethod: 'GET' | 'POST';
  outbound: boolean;
  outboundRate: number;
  outboundJobs: number;
  retries: number;
  waitIdleS: number;
  profile: boolean;
  keep: boolean;
  postgres: string | null;
  quick: boolean;
  /** --env NAME=VALUE pairs, as given (for the table's heading). */
  envPairs: string[];
  /** The environment of every Trackpost process (--env on top of the bench's own). */
  serverEnv: Record<string, string>;
  /** A git ref to build and measure too, row by row (--compare). */
  compareRef: string | null;
  /** Extra environment of the compared side only (--compare-env), e.g. a feature switched off. */
  compareEnv: Record<string, string>;
  compareEnvPairs: string[];
  /** The scenarios to run (--only); null: all that the other options ask for. */
  only: readonly Scenario[] | null;
  /** Clicks written for the report scenario (a tenth as many conversions). */
  reportClicks: number;
  /** Give the seeded offer a clicks cap and a conversions cap (far above what the loads reach). */
  caps: boolean;
  /** Times each scenario runs on each side when comparing (--rounds); rows show the medians. */
  rounds: number;
  /** What the paired scenario measures (--paired-loads): its loads, and SQLite and/or PostgreSQL. */
  pairedLoads: readonly PairedLoad[];
}

/** The scenarios --only can name, in the order they run. */
export const SCENARIOS = [
  'baseline',
  'click',
  'outbound',
  'prefill',
  'sign-in',
  'overload',
  'postgres',
  'reports',
  'paired',
] as const;
export type Scenario = (typeof SCENARIOS)[number];
/** Scenarios run only when --only names them. */
export const OPT_IN: readonly Scenario[] = ['paired'];
/** The loads --paired-loads can name: each load on SQLite, and on PostgreSQL (with --postgres). */
export const PAIRED_LOADS = ['click', 'postback', 'pg-click', 'pg-postback'] as const;
export type PairedLoad = (typeof PAIRED_LOADS)[number];
/** Scenarios that measure on the database the /click and /postback scenario filled. */
const NEEDS_CLICK: readonly Scenario[] = ['outbound', 'prefill', 'postgres'];

export const HELP = `npm run bench -- [options]
  --duration S         seconds of each measured load (10; --quick: 3)
  --warmup S           seconds of unmeasured load before each (2; --quick: 1)
  --connections C      concurrent connections (100), pipelining 1
  --prefill N          also run on a database prefilled with N clicks
  --postback-method M  GET or POST (form body) for /postback (GET)
  --no-outbound        skip the affiliate postback section
  --outbound-rate R    postbacks per second for the end-to-end latency (1000)
  --outbound-jobs N    affiliate postbacks queued per attempt for the delivery test (60000; --quick: 10000)
  --retries R          repeat a load disturbed by other processes up to R times (2; --quick: 0)
  --wait-idle S        wait up to S seconds for a quiet machine at start (30; --quick: 0; 0: never wait)
  --postgres URL       also run /click and /postback on PostgreSQL (postgres://…), two ROLE=http
                       processes and a ROLE=worker, in a schema of its own dropped at the end
  --profile            CPU-profile the server in each phase and summarize it
  --env NAME=VALUE     extra configuration for every Trackpost process (repeatable), e.g.
                       --env WRITE_BATCH_MS=5 --env DELIVERY_HOST_CONCURRENCY=64
  --compare REF        also build git REF (a commit, branch or tag) in a temporary worktree and run
                       every scenario on both builds, alternately; rows side by side with the ratio
  --compare-env N=V    extra configuration for the compared side only (repeatable); without
                       --compare, the same build is run twice, with and without it
  --only LIST          run only these scenarios (comma-separated): baseline, click (/click and
                       /postback), outbound, prefill, sign-in, overload, postgres, reports; e.g.
                       --only sign-in; outbound, prefill and postgres need click too; and
                       paired (only when named; needs --compare or --compare-env): both sides'
                       servers at once, the load switching between them every second (/click and
                       /postback, on PostgreSQL too with --postgres): a drifting machine's fair
                       comparison
  --paired-loads LIST  the paired scenario's loads (comma-separated; all by default): click and
                       postback on SQLite, pg-click and pg-postback on PostgreSQL (need --postgres);
                       e.g. --paired-loads pg-postback to check one row in 2 minutes instead of 6
  --report-clicks N    clicks written for the report scenario, with N/10 conversions, over 30 days
                       (100000; --quick: 20000; 10000000 for the 10M/1M figures)
  --caps               give the seeded offer a clicks cap and a conversions cap that the loads
                       never reach, so /click and /postback pay for checking and counting them
  --rounds N           with --compare or --compare-env: run each scenario N times on each side,
                       the sides taking turns, and show each side's median round and the median
                       of the rounds' ratios (1; 3 or 5 on a noisy machine)
  --quick              short loads for a smoke check (figures are rough)
  --keep               keep the temporary folder (databases, logs, profiles)`;

function fail(message: string): never {
  throw new Error(message);
}

function number(name: string, raw: string, allowZero = false): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    fail(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  return value;
}

function envPairs(flag: string, pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match) fail(`--${flag} expects NAME=VALUE, got "${pair}"`);
    env[match[1]] = match[2];
  }
  return env;
}

/** The options, or 'help'; throws an Error whose message names the bad option. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values: flags } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '100' },
      prefill: { type: 'string', default: '0' },
      'postback-method': { type: 'string', default: 'GET' },
      'outbound-rate': { type: 'string', default: '1000' },
      'outbound-jobs': { type: 'string' },
      'no-outbound': { type: 'boolean', default: false },
      retries: { type: 'string' },
      'wait-idle': { type: 'string' },
      profile: { type: 'boolean', default: false },
      env: { type: 'string', multiple: true, default: [] },
      postgres: { type: 'string' },
      compare: { type: 'string' },
      'compare-env': { type: 'string', multiple: true, default: [] },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'report-clicks': { type: 'string' },
      caps: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '1' },
      'paired-loads': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (flags.help) return 'help';
  const quick = flags.quick!;
  const method = flags['postback-method']!.toUpperCase();
  if (method !== 'GET' && method !== 'POST')
    fail(`--postback-method must be GET or POST, got "${flags['postback-method']}"`);
  const env = flags.env ?? [];
  const compareEnv = flags['compare-env'] ?? [];
  const rounds = number('rounds', flags.rounds!);
  if (!Number.isInteger(rounds)) fail(`--rounds must be a whole number, got "${flags.rounds}"`);
  const comparing = Boolean(flags.compare) || compareEnv.length > 0;
  if (rounds > 1 && !comparing) fail('--rounds needs --compare or --compare-env');
  const only = flags.only === undefined ? null : onlyList(flags.only);
  if (only?.includes('paired') && !comparing) fail('--only paired needs --compare or --compare-env');
  const postgres = flags.postgres ?? null;
  const pairedLoads = pairedLoadList(flags['paired-loads'], postgres !== null);
  if (flags['paired-loads'] !== undefined && !only?.includes('paired')) fail('--paired-loads needs --only paired');
  return {
    durationS: number('duration', flags.duration ?? (quick ? '3' : '10')),
    warmupS: number('warmup', flags.warmup ?? (quick ? '1' : '2'), true),
    connections: Math.round(number('connections', flags.connections!)),
    prefill: Math.round(number('prefill', flags.prefill!, true)),
    postbackMethod: method,
    outbound: !flags['no-outbound'],
    outboundRate: Math.round(number('outbound-rate', flags['outbound-rate']!)),
    outboundJobs: Math.round(number('outbound-jobs', flags['outbound-jobs'] ?? (quick ? '10000' : '60000'))),
    retries: Math.round(number('retries', flags.retries ?? (quick ? '0' : '2'), true)),
    waitIdleS: number('wait-idle', flags['wait-idle'] ?? (quick ? '0' : '30'), true),
    profile: flags.profile!,
    keep: flags.keep!,
    postgres,
    quick,
    envPairs: env,
    serverEnv: { OUTBOUND_ALLOW_PRIVATE: 'true', ...envPairs('env', env) },
    compareRef: flags.compare ?? null,
    compareEnv: envPairs('compare-env', compareEnv),
    compareEnvPairs: compareEnv,
    only,
    reportClicks: Math.round(number('report-clicks', flags['report-clicks'] ?? (quick ? '20000' : '100000'))),
    caps: flags.caps!,
    rounds,
    pairedLoads,
  };
}

/** The named loads, or every load the databases given allow. */
function pairedLoadList(raw: string | undefined, postgres: boolean): PairedLoad[] {
  const all = PAIRED_LOADS.filter((load) => postgres || !load.startsWith('pg-'));
  if (raw === undefined) return all;
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(PAIRED_LOADS as readonly string[]).includes(name))
      fail(`--paired-loads: unknown load "${name}" (known: ${PAIRED_LOADS.join(', ')})`);
    if (name.startsWith('pg-') && !postgres) fail(`--paired-loads: ${name} needs --postgres`);
  }
  return all.filter((load) => names.includes(load));
}

function onlyList(raw: string): Scenario[] {
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name))
      fail(`--only: unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
  }
  const list = names as Scenario[];
  const orphan = list.find((name) => NEEDS_CLICK.includes(name) && !list.includes('click'));
  if (orphan) fail(`--only: ${orphan} measures on the database of click: add click`);
  return list;
}
