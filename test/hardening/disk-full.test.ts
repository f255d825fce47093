// @sqlite-only: fills a small file system holding the SQLite file.
/**
 * A full disk under SQLite: writes answer 503 with Retry-After (never a 500, never a redirect
 * for a click that was not stored), everything acknowledged survives, and the server writes
 * again as soon as space returns, without a restart. The disk is a real one: a 2 MB tmpfs
 * mounted for the test (as root); where mounting is not allowed the test says so and skips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { insertClick, seedWorld, type World } from '../tracking/fixtures.js';

function mountTmpfs(sizeKb: number): { dir: string; unmount(): void } | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return {
      skip: `cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): ${(mounted.stderr || mounted.error?.message || '').trim()}`,
    };
  }
  return {
    dir,
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const disk = mountTmpfs(2048);

/**
 * Writes `path` until the disk is full, then gives back `roomKb`. Filling to the end (rather
 * than writing what `df` said was free) cannot fail when the server writes meanwhile.
 */
function fillLeaving(path: string, roomKb: number): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(16 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  ftruncateSync(fd, Math.max(0, written - roomKb * 1024));
  closeSync(fd);
}

async function click(app: TestApp, world: World) {
  const response = await app.app.inject({
    method: 'GET',
    url: `/click?offer_id=${world.offer.id}&pid=${world.affiliate.id}`,
  });
  const clickid = /[?&]c=([0-9a-f]{24})/.exec(String(response.headers.location ?? ''))?.[1];
  return { status: response.statusCode, clickid, retryAfter: response.headers['retry-after'], body: response.body };
}

test('disk full on SQLite: 503 while full, nothing acknowledged lost, writes again when space returns', {
  skip: 'skip' in disk ? disk.skip : undefined,
}, async (t) => {
  if ('skip' in disk) return;
  const url = `file:${join(disk.dir, 'trackpost.db')}`;
  const app = await startTestApp({ DATABASE_URL: url });
  let store: Store | null = null;
  t.after(async () => {
    await app.close();
    await store?.close();
    disk.unmount();
  });
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);

  // Fill the disk: a ballast file leaves a little room, then clicks use up the rest.
  const ballast = join(disk.dir, 'ballast');
  fillLeaving(ballast, 64);
  const acknowledged: string[] = [];
  /** Clicks until one is refused (the disk is full); the acknowledged ones are remembered. */
  async function fillUp() {
    for (let round = 0; round < 2_000; round += 1) {
      // Twenty at once, as a group commit takes them; each answer is judged on its own.
      let refused: Awaited<ReturnType<typeof click>> | null = null;
      for (const answer of await Promise.all(Array.from({ length: 20 }, () => click(app, world)))) {
        if (answer.status === 302 && answer.clickid) acknowledged.push(answer.clickid);
        else refused ??= answer;
      }
      if (refused) return refused;
    }
    assert.fail('the disk never filled up');
  }
  const refused = await fillUp();
  assert.equal(refused.status, 503, refused.body);
  assert.equal(refused.retryAfter, '2');
  assert.equal(JSON.parse(refused.body).status, 2);
  // A postback is refused the same way while the disk is full (its log row cannot be written).
  // Full lasts only until SQLite writes into WAL space a checkpoint has freed, where a small
  // write still fits: such a postback is acknowledged like any other, and the disk filled again.
  let conversions = 0;
  let postback = await app.app.inject({ method: 'GET', url: `/postback?clickid=${clickid}&action_id=a0` });
  for (let attempt = 1; postback.statusCode !== 503 && attempt < 20; attempt += 1) {
    assert.equal(postback.json().status, 1, postback.body);
    conversions += 1;
    assert.equal((await fillUp()).status, 503);
    postback = await app.app.inject({ method: 'GET', url: `/postback?clickid=${clickid}&action_id=a${attempt}` });
  }
  assert.equal(postback.statusCode, 503, postback.body);
  assert.equal((await app.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);

  // Space returns: the next write succeeds, without a restart.
  rmSync(ballast);
  const again = await click(app, world);
  assert.equal(again.status, 302, again.body);
  acknowledged.push(again.clickid as string);
  const converted = await app.app.inject({ method: 'GET', url: `/postback?clickid=${clickid}&action_id=after` });
  assert.equal(converted.json().status, 1, converted.body);

  // Every acknowledged click is stored, as a restarted process reads the file.
  await app.close();
  const reopened = await openStore({ databaseUrl: url, writeBatchMs: 0 });
  store = reopened;
  const found = await Promise.all(acknowledged.map((id) => reopened.clicks.get(id)));
  assert.equal(found.filter((row) => row === null).length, 0, `of ${acknowledged.length} acknowledged clicks`);
  assert.equal(
    (await reopened.conversions.list({ from: 0, to: Date.now() + 1000 }, { page: 1, limit: 100 })).total,
    conversions + 1,
  );
});
