/**
 * Many processes on one PostgreSQL database, as deployed: two HTTP processes receive the same
 * postbacks at once and make one conversion of each; then two worker processes deliver the
 * outbound postbacks, never one job twice. Real `src/main.ts` processes, a real local receiver.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { newObjectId } from '../../src/domain/object-id.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { dropPostgresSchema, freshPostgresUrl } from '../helpers/backends.js';
import { eventually } from '../helpers/eventually.js';
import { startSink } from '../helpers/sink.js';
import { newOffer, newPayout } from '../../src/domain/offer-defaults.js';

const BASE = process.env.TEST_DATABASE_URL;
const CLICKS = 40;
const COPIES = 3;

interface Server {
  child: ChildProcess;
  /** The base URL (HTTP role) once it listens. */
  url: string | null;
}

/** Starts `src/main.ts` with `env`; resolves once it says it listens (http) or started (worker). */
function startProcess(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening) resolve({ child, url: listening[1].replace('localhost', '127.0.0.1') });
      else if (output.includes('worker started')) resolve({ child, url: null });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before it started:\n${output}`)));
  });
}

function stopProcess(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

async function seed(store: Store, sinkUrl: string): Promise<string[]> {
  const advertiser = await store.advertisers.create({
    name: 'Adv',
    status: 'active',
    secure_token: null,
    allowed_ips: [],
  });
  const affiliate = await store.affiliates.create({
    name: 'Aff',
    status: 'active',
    signing_secret: null,
    api_key_hash: 'x'.repeat(64),
  });
  const offer = await store.offers.create(
    newOffer({
      title: 'Offer',
      advertiser_id: advertiser.id,
      tracking_url: 'https://land.example/?c={clickid}',
      payouts: [
        newPayout({
          goal: '1',
          title: 'Sale',
          revenue: 100_000,
          payout: 70_000,
        }),
      ],
    }),
  );
  await store.affiliatePostbacks.create({
    affiliate_id: affiliate.id,
    offer_id: null,
    url: `${sinkUrl}/pb?click={clickid}&conv={conversion_id}`,
    method: 'GET',
    goals: [],
    statuses: [],
  });
  const clickids: string[] = [];
  for (let i = 0; i < CLICKS; i += 1) {
    const clickid = newObjectId();
    await store.clicks.insert({
      clickid,
      uniq: true,
      offer_id: offer.id,
      affiliate_id: affiliate.id,
      subs: Array(8).fill(null),
      ip: '8.8.8.8',
      user_agent: 'test',
      country: 'US',
      referrer: null,
      created_at: Date.now(),
    });
    clickids.push(clickid);
  }
  return clickids;
}

test('processes: two HTTP processes make one conversion per identity; two workers deliver each job once', {
  skip: BASE ? undefined : 'TEST_DATABASE_URL is not set: several processes need PostgreSQL',
}, async (t) => {
  const url = freshPostgresUrl(BASE as string);
  const sink = await startSink();
  const store = await openStore({ databaseUrl: url, writeBatchMs: 1 });
  const servers: Server[] = [];
  t.after(async () => {
    await Promise.all(servers.map(stopProcess));
    await store.close();
    await sink.close();
    await dropPostgresSchema(url);
  });
  const clickids = await seed(store, sink.url);
  const env = {
    DATABASE_URL: url,
    ADMIN_API_KEY: 'process-test-admin-key-0123',
    OUTBOUND_ALLOW_PRIVATE: 'true',
    PORT: '0',
    HOST: '127.0.0.1',
  };

  const http = await Promise.all([startProcess({ ...env, ROLE: 'http' }), startProcess({ ...env, ROLE: 'http' })]);
  servers.push(...http);
  const answers = await Promise.all(
    clickids.flatMap((clickid) =>
      Array.from({ length: COPIES * 2 }, async (_, i) => {
        const response = await fetch(`${http[i % 2].url}/postback?clickid=${clickid}&sum=10`);
        assert.equal(response.status, 200);
        return { clickid, answer: (await response.json()) as { message?: string; error?: string } };
      }),
    ),
  );
  for (const clickid of clickids) {
    const mine = answers.filter((one) => one.clickid === clickid).map((one) => one.answer.message ?? one.answer.error);
    assert.deepEqual(
      mine.sort(),
      ['Conversion created', ...Array(COPIES * 2 - 1).fill('Conversion exists')].sort(),
      clickid,
    );
  }
  const day = { from: Date.now() - 86_400_000, to: Date.now() + 86_400_000 };
  assert.equal((await store.conversions.list(day, { page: 1, limit: 1 })).total, CLICKS);
  assert.equal((await store.postbackLog.list(day, { page: 1, limit: 1 })).total, CLICKS * COPIES * 2);

  servers.push(
    ...(await Promise.all([startProcess({ ...env, ROLE: 'worker' }), startProcess({ ...env, ROLE: 'worker' })])),
  );
  await sink.waitForCount(CLICKS, undefined, 30_000);
  const jobs = await eventually(
    async () => {
      const page = await store.outbound.list({ ...day, kinds: ['postback'] }, { page: 1, limit: 1000 });
      return page.rows.every((job) => job.state === 'delivered') ? page : undefined;
    },
    undefined,
    'every job delivered',
  );
  assert.equal(jobs.total, CLICKS);
  assert.ok(
    jobs.rows.every((job) => job.state === 'delivered' && job.attempts === 1),
    'every job delivered in one attempt',
  );
  const keys = sink.requests.map((request) => request.headers['idempotency-key']);
  assert.equal(new Set(keys).size, keys.length, 'a job was delivered twice');
  assert.equal(keys.length, CLICKS);
});
