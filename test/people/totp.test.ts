/**
 * The TOTP second factor through the real server: setting it up, signing in with it, a code
 * refused the second time (also by another process), and a second factor required per role.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { startTestApp } from '../helpers/harness.js';
import { firstAdmin, invite, PASSWORD, Person } from './people.js';

test('set up, sign in with a code, and the same code never works twice', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  const started = await admin.call('POST', '/3.0/auth/totp');
  assert.equal(started.status, 200);
  const secret: string = started.body.secret;
  assert.match(started.body.otpauth_url, /^otpauth:\/\/totp\/Trackpost:owner%40example\.com\?secret=/);
  const setupCode = await generate({ secret });
  assert.deepEqual((await admin.call('POST', '/3.0/auth/totp', { code: setupCode })).body, {
    status: 1,
    totp_enabled: true,
  });

  const browser = new Person(app.app, 'owner@example.com');
  const noCode = await browser.call('POST', '/3.0/auth/login', { email: 'owner@example.com', password: PASSWORD });
  assert.deepEqual([noCode.status, noCode.body.error], [401, 'Second factor required']);
  // The code of the set-up's own step is used already.
  const replayedSetup = await browser.call('POST', '/3.0/auth/login', {
    email: 'owner@example.com',
    password: PASSWORD,
    totp: setupCode,
  });
  assert.deepEqual([replayedSetup.status, replayedSetup.body.error], [401, 'Wrong email or password']);

  // The next step's code works once; replaying it, here or in another process, is refused.
  const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
  const ok = await browser.call('POST', '/3.0/auth/login', {
    email: 'owner@example.com',
    password: PASSWORD,
    totp: next,
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.user.totp_enabled, true);
  const other = new Person(await app.another(), 'owner@example.com');
  for (const person of [browser, other]) {
    const replay = await person.call('POST', '/3.0/auth/login', {
      email: 'owner@example.com',
      password: PASSWORD,
      totp: next,
    });
    assert.deepEqual([replay.status, replay.body.error], [401, 'Wrong email or password']);
  }
});

test('a role that requires a second factor can only set it up until it has one', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  assert.deepEqual((await admin.call('PATCH', '/3.0/admin/settings', { totp_required_roles: ['manager'] })).body, {
    totp_required_roles: ['manager'],
  });
  const manager = await invite(app, 'manager', 'm@example.com');
  const refused = await manager.call('GET', '/3.0/admin/offers');
  assert.deepEqual(
    [refused.status, refused.body.error],
    [403, 'Second factor required: set it up first (POST /3.0/auth/totp)'],
  );
  const secret = (await manager.call('POST', '/3.0/auth/totp')).body.secret;
  assert.equal((await manager.call('POST', '/3.0/auth/totp', { code: await generate({ secret }) })).status, 200);
  assert.equal((await manager.call('GET', '/3.0/admin/offers')).status, 200);
  const off = await manager.call('DELETE', '/3.0/auth/totp', { code: '123456' });
  assert.deepEqual([off.status, off.body.error], [409, 'Your role (manager) requires a second factor']);
  // Another role is not affected.
  const viewer = await invite(app, 'viewer', 'v@example.com');
  assert.equal((await viewer.call('GET', '/3.0/admin/offers')).status, 200);
});
