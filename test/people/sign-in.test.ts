/**
 * Signing in through the real server: one answer for every failure, the lockout after five
 * failures per email or per address (counted in the database, so it holds across two
 * processes on one database), the first admin, and one-time links.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, startTestApp } from '../helpers/harness.js';
import { firstAdmin, invite, PASSWORD, Person } from './people.js';

const login = (person: Person, email: string, password: string, ip = '127.0.0.1') =>
  person.app.inject({ method: 'POST', url: '/3.0/auth/login', remoteAddress: ip, payload: { email, password } });

test('every sign-in failure answers the same text', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  const invited = await app.app.inject({
    method: 'POST',
    url: '/3.0/admin/users',
    headers: app.admin,
    payload: { email: 'pending@example.com', name: 'Pending', role: 'viewer' },
  });
  assert.equal(invited.statusCode, 201);
  for (const [email, password] of [
    ['owner@example.com', 'wrong password!'],
    ['nobody@example.com', PASSWORD],
    ['pending@example.com', ''],
  ]) {
    const answer = await login(admin, email, password, `10.0.0.${email.length}`);
    assert.deepEqual([answer.statusCode, answer.json().error], [401, 'Wrong email or password']);
  }
});

test('after 5 failures per email, across two processes, even the right password gets 429 for 15 minutes', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  await firstAdmin(app);
  const other = await app.another();
  const here = new Person(app.app, '');
  const there = new Person(other, '');
  // Five failures from five addresses, split between the two processes.
  for (let i = 0; i < 5; i++) {
    const answer = await login(i % 2 ? there : here, 'owner@example.com', 'wrong password!', `10.1.0.${i}`);
    assert.equal(answer.statusCode, 401);
  }
  for (const person of [here, there]) {
    const answer = await login(person, 'OWNER@example.com', PASSWORD, '10.2.0.1');
    assert.deepEqual([answer.statusCode, answer.json().error], [429, 'Too many attempts, try again in 15 minutes']);
  }
  // Another account from another address is not locked.
  const key = await invite(app, 'viewer', 'v@example.com');
  assert.equal((await login(key, 'v@example.com', PASSWORD, '10.3.0.1')).statusCode, 200);
});

test('after 5 failures from one address, every email from it gets 429', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  await firstAdmin(app);
  const other = await app.another();
  for (let i = 0; i < 5; i++) {
    const answer = await login(
      new Person(i < 3 ? app.app : other, ''),
      `guess${i}@example.com`,
      'wrong password!',
      '10.9.9.9',
    );
    assert.equal(answer.statusCode, 401);
  }
  const locked = await login(new Person(other, ''), 'owner@example.com', PASSWORD, '10.9.9.9');
  assert.equal(locked.statusCode, 429);
  assert.match(locked.json().error, /^Too many attempts, try again in \d+ minutes$/);
  assert.equal((await login(new Person(app.app, ''), 'owner@example.com', PASSWORD, '10.9.9.8')).statusCode, 200);
});

test('the first admin: needed once, with the admin key only', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const get = async () => (await app.app.inject({ method: 'GET', url: '/3.0/auth/setup' })).json();
  assert.deepEqual(await get(), { needed: true });
  const payload = { admin_key: 'wrong-key-0123456789', email: 'a@example.com', name: 'A', password: PASSWORD };
  const wrong = await app.app.inject({ method: 'POST', url: '/3.0/auth/setup', payload });
  assert.deepEqual([wrong.statusCode, wrong.json().error], [401, 'Unauthorized']);
  const short = await app.app.inject({
    method: 'POST',
    url: '/3.0/auth/setup',
    payload: { ...payload, admin_key: ADMIN_KEY, password: 'short' },
  });
  assert.equal(short.statusCode, 400);
  await firstAdmin(app, 'a@example.com');
  assert.deepEqual(await get(), { needed: false });
  const again = await app.app.inject({
    method: 'POST',
    url: '/3.0/auth/setup',
    payload: { ...payload, admin_key: ADMIN_KEY, email: 'b@example.com' },
  });
  assert.deepEqual([again.statusCode, again.json().error], [409, 'Already set up']);
});

test('invitation and reset links work once; a reset ends the sessions the account had', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  const created = await admin.call('POST', '/3.0/admin/users', {
    email: 'Mia@Example.com',
    name: 'Mia',
    role: 'manager',
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.email, 'mia@example.com');
  assert.equal(created.body.invite_pending, true);
  assert.match(created.body.invite_url, /^http:\/\/localhost:80\/accept\?token=[\w-]{43}$/);
  const token = new URL(created.body.invite_url).searchParams.get('token');
  const mia = new Person(app.app, 'mia@example.com');
  assert.equal((await mia.call('POST', '/3.0/auth/accept', { token, password: PASSWORD })).status, 200);
  const reused = await new Person(app.app, '').call('POST', '/3.0/auth/accept', { token, password: 'someone else!' });
  assert.equal(reused.status, 404);
  assert.equal((await mia.call('GET', '/3.0/admin/offers')).status, 200);

  const reset = await admin.call('POST', `/3.0/admin/users/${created.body.id}/reset`);
  const first = new URL(reset.body.reset_url).searchParams.get('token');
  const second = new URL(
    (await admin.call('POST', `/3.0/admin/users/${created.body.id}/reset`)).body.reset_url,
  ).searchParams.get('token');
  assert.equal(
    (await new Person(app.app, '').call('POST', '/3.0/auth/accept', { token: first, password: 'a new password' }))
      .status,
    404,
    'replaced link',
  );
  const other = new Person(app.app, 'mia@example.com');
  assert.equal(
    (await other.call('POST', '/3.0/auth/accept', { token: second, password: 'a new password' })).status,
    200,
  );
  assert.equal((await mia.call('GET', '/3.0/admin/offers')).status, 401, 'old session ended');
  await other.signIn('a new password');
});

test('the last admin cannot be removed; roles and affiliates must fit', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const admin = await firstAdmin(app);
  assert.equal((await admin.call('PATCH', '/3.0/admin/users/1', { role: 'viewer' })).status, 409);
  assert.equal((await admin.call('DELETE', '/3.0/admin/users/1')).status, 409);
  const bad = await admin.call('POST', '/3.0/admin/users', { email: 'x@example.com', name: 'X', role: 'affiliate' });
  assert.deepEqual([bad.status, bad.body.error], [400, 'affiliate_id: is required for role affiliate']);
  const unknown = await admin.call('POST', '/3.0/admin/users', {
    email: 'x@example.com',
    name: 'X',
    role: 'affiliate',
    affiliate_id: 7,
  });
  assert.deepEqual([unknown.status, unknown.body.error], [400, 'affiliate_id: no such affiliate']);
  const dup = await admin.call('POST', '/3.0/admin/users', { email: 'OWNER@example.com', name: 'X', role: 'viewer' });
  assert.equal(dup.status, 409);
});
