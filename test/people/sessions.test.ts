/**
 * Sessions through the real server: the cookie's attributes, and a session ended by signing
 * out, by a password change, by "sign out everywhere" or by an admin disabling the account is
 * refused at its very next request; CSRF tokens guard every state-changing session call.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../helpers/harness.js';
import { firstAdmin, invite, PASSWORD, Person } from './people.js';

test('signing in sets an HttpOnly, SameSite=Lax session cookie; Secure only when configured', async (t) => {
  for (const secure of ['false', 'true']) {
    const app = await startTestApp({ SESSION_COOKIE_SECURE: secure, TRUST_PROXY: '127.0.0.1' });
    t.after(() => app.close());
    await firstAdmin(app);
    const response = await app.app.inject({
      method: 'POST',
      url: '/3.0/auth/login',
      // Behind a TLS proxy: a Secure cookie is only sent back over HTTPS.
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: 'owner@example.com', password: PASSWORD },
    });
    assert.equal(response.statusCode, 200);
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /^trackpost_session=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.equal(/; Secure/.test(cookie), secure === 'true', cookie);
  }
});

test('me answers the account and a CSRF token; without a session 401', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  const me = await admin.call('GET', '/3.0/auth/me');
  assert.equal(me.status, 200);
  assert.deepEqual(
    { ...me.body.user, created_at: undefined, updated_at: undefined },
    {
      id: 1,
      email: 'owner@example.com',
      name: 'Owner',
      role: 'admin',
      affiliate_id: null,
      totp_enabled: false,
      disabled: false,
      invite_pending: false,
      created_at: undefined,
      updated_at: undefined,
    },
  );
  assert.equal(typeof me.body.csrf_token, 'string');
  const anonymous = new Person(app.app, 'nobody@example.com');
  assert.deepEqual((await anonymous.call('GET', '/3.0/auth/me')).status, 401);
});

test('a session ended by sign-out, by a password change and by sign out everywhere is refused at once', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  await firstAdmin(app);
  const second = await app.another();

  // Sign-out: the same cookie is refused, also by another process.
  const manager = await invite(app, 'manager', 'm@example.com');
  const cookie = manager.cookie;
  assert.equal((await manager.call('GET', '/3.0/admin/offers')).status, 200);
  assert.equal((await manager.call('POST', '/3.0/auth/logout')).status, 200);
  for (const target of [app.app, second]) {
    const replay = await target.inject({ method: 'GET', url: '/3.0/admin/offers', headers: { cookie } });
    assert.equal(replay.statusCode, 401);
  }

  // A password change ends every other session; the one that changed it goes on.
  const laptop = new Person(app.app, 'm@example.com');
  await laptop.signIn();
  const phone = new Person(second, 'm@example.com');
  await phone.signIn();
  const changed = await laptop.call('POST', '/3.0/auth/password', {
    current_password: PASSWORD,
    new_password: 'another long password',
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal((await phone.call('GET', '/3.0/admin/offers')).status, 401);
  assert.equal((await laptop.call('GET', '/3.0/admin/offers')).status, 200);
  const oldPassword = await new Person(app.app, 'm@example.com').call('POST', '/3.0/auth/login', {
    email: 'm@example.com',
    password: PASSWORD,
  });
  assert.equal(oldPassword.status, 401);

  // Sign out everywhere: every session of the account, this one included.
  const tablet = new Person(second, 'm@example.com');
  await tablet.signIn('another long password');
  assert.equal((await laptop.call('POST', '/3.0/auth/logout-everywhere')).status, 200);
  assert.equal((await laptop.call('GET', '/3.0/admin/offers')).status, 401);
  assert.equal((await tablet.call('GET', '/3.0/admin/offers')).status, 401);
});

test('an admin disabling an account, or ending its sessions, signs it out at once', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  const viewer = await invite(app, 'viewer', 'v@example.com');
  assert.equal((await viewer.call('GET', '/3.0/admin/offers')).status, 200);
  const me = (await viewer.call('GET', '/3.0/auth/me')).body.user;
  assert.equal((await admin.call('POST', `/3.0/admin/users/${me.id}/logout`)).status, 200);
  assert.equal((await viewer.call('GET', '/3.0/admin/offers')).status, 401);

  await viewer.signIn();
  assert.equal((await admin.call('PATCH', `/3.0/admin/users/${me.id}`, { disabled: true })).status, 200);
  assert.equal((await viewer.call('GET', '/3.0/admin/offers')).status, 401);
  const again = await new Person(app.app, 'v@example.com').call('POST', '/3.0/auth/login', {
    email: 'v@example.com',
    password: PASSWORD,
  });
  assert.deepEqual([again.status, again.body.error], [401, 'Wrong email or password']);
});

test('a state-changing session call without its CSRF token, or with a wrong one, is 403 and changes nothing', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  const other = new Person(app.app, 'owner@example.com');
  await other.signIn();
  for (const token of [null, '', 'forged-token', other.csrf]) {
    const answer = await admin.call('POST', '/3.0/admin/advertisers', { name: 'Sneaky' }, token);
    assert.equal(answer.status, 403, `token ${token}`);
    assert.match(answer.body.error, /CSRF/);
  }
  const list = await admin.call('GET', '/3.0/admin/advertisers');
  assert.equal(list.body.advertisers.length, 0);
  // With its token it works; a key-based call needs none.
  assert.equal((await admin.call('POST', '/3.0/admin/advertisers', { name: 'Fine' })).status, 201);
  const keyed = await app.app.inject({
    method: 'POST',
    url: '/3.0/admin/advertisers',
    headers: app.admin,
    payload: { name: 'Key' },
  });
  assert.equal(keyed.statusCode, 201);
});
