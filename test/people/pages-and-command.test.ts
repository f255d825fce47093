/**
 * Security headers on the pages the server answers as HTML (and /docs still served), and
 * `--reset-password <email>` run as a real process: it prints a link that works and exits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startTestApp } from '../helpers/harness.js';
import { firstAdmin, Person } from './people.js';

test('/ answers HTML with security headers; /docs still works; tracking routes carry none', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const home = await app.app.inject({ method: 'GET', url: '/' });
  assert.equal(home.statusCode, 200);
  assert.match(String(home.headers['content-type']), /^text\/html/);
  assert.match(String(home.headers['content-security-policy']), /default-src 'self'/);
  assert.equal(home.headers['x-content-type-options'], 'nosniff');
  assert.equal(home.headers['x-frame-options'], 'SAMEORIGIN');
  const docs = await app.app.inject({ method: 'GET', url: '/docs' });
  assert.equal(docs.statusCode, 200);
  const click = await app.app.inject({ method: 'GET', url: '/click' });
  assert.equal(click.headers['content-security-policy'], undefined);
  assert.equal(click.headers['set-cookie'], undefined);
});

test('npm start -- --reset-password <email> prints a one-time link and exits', async (t) => {
  const app = await startTestApp({ PUBLIC_URL: 'https://track.example' });
  t.after(() => app.close());
  await firstAdmin(app);
  const env = {
    ...process.env,
    DATABASE_URL: app.ctx.config.databaseUrl,
    ADMIN_API_KEY: 'test-admin-key-0123456789',
    PUBLIC_URL: 'https://track.example',
    LOG_LEVEL: 'warn',
  };
  const run = (email: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--reset-password', email], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
  const printed = run('Owner@example.com');
  assert.equal(printed.status, 0, printed.stderr);
  const url = /(https:\/\/track\.example\/accept\?token=\S+)/.exec(printed.stdout)?.[1];
  assert.ok(url, printed.stdout);
  const token = new URL(url).searchParams.get('token');
  const person = new Person(app.app, 'owner@example.com');
  assert.equal((await person.call('POST', '/3.0/auth/accept', { token, password: 'a brand new one' })).status, 200);
  await person.signIn('a brand new one');

  const unknown = run('nobody@example.com');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /No account has the email nobody@example.com/);
});
