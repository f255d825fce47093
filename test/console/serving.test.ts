/**
 * How the server answers for the web console (src/http/console.ts): its page at `/` and at any
 * console address a browser asks for, its built files, a share link as a page for a browser and
 * as JSON for a program, and API paths keeping their JSON 404. The test runner builds the
 * console first (scripts/console-build.mjs); without a build `/` says how to make one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CONSOLE_DIR } from '../../src/http/console.js';
import { startTestApp } from '../helpers/harness.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const built = existsSync(`${CONSOLE_DIR}index.html`);

test('the console page answers at / and at its own addresses; API paths keep their JSON 404', async (t) => {
  const tp = await startTestApp();
  t.after(() => tp.close());
  const home = await tp.app.inject({ method: 'GET', url: '/' });
  assert.equal(home.statusCode, 200);
  assert.match(String(home.headers['content-type']), /^text\/html/);
  assert.match(String(home.headers['content-security-policy']), /script-src 'self'/);
  assert.doesNotMatch(String(home.headers['content-security-policy']), /upgrade-insecure-requests/);
  assert.match(home.body, built ? /<div id="root">/ : /npm run build/);

  const deep = await tp.app.inject({
    method: 'GET',
    url: '/logs/server-postbacks?search=ord',
    headers: { accept: BROWSER },
  });
  assert.equal(deep.statusCode, 200);
  assert.equal(deep.body, home.body);

  // A program asking for an unknown address, and any API path, get the API's 404.
  const json = await tp.app.inject({ method: 'GET', url: '/logs/server-postbacks', headers: { accept: '*/*' } });
  assert.equal(json.statusCode, 404);
  assert.equal(json.json().status, 2);
  for (const url of ['/3.0/nothing-here', '/3.1/stats/nothing', '/docs/nothing-here']) {
    const api = await tp.app.inject({ method: 'GET', url, headers: { accept: BROWSER } });
    assert.equal(api.statusCode, 404, url);
    assert.match(String(api.headers['content-type']), /application\/json/, url);
  }
  // Routes of their own are untouched.
  assert.equal((await tp.app.inject({ method: 'GET', url: '/health', headers: { accept: BROWSER } })).statusCode, 200);
  assert.equal((await tp.app.inject({ method: 'GET', url: '/docs', headers: { accept: BROWSER } })).statusCode, 200);
});

test('built files are served with long caching; a missing one is a 404', {
  skip: !built && 'console not built',
}, async (t) => {
  const tp = await startTestApp();
  t.after(() => tp.close());
  const home = await tp.app.inject({ method: 'GET', url: '/' });
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(home.body)?.[1];
  assert.ok(script, 'index.html names its script');
  const asset = await tp.app.inject({ method: 'GET', url: script });
  assert.equal(asset.statusCode, 200);
  assert.match(String(asset.headers['content-type']), /javascript/);
  assert.match(String(asset.headers['cache-control']), /immutable/);
  // Compressed at build time: a browser that accepts brotli or gzip gets the smaller copy.
  const br = await tp.app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(br.statusCode, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.ok(br.rawPayload.length < asset.rawPayload.length / 2);
  const gz = await tp.app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  const missing = await tp.app.inject({ method: 'GET', url: '/assets/nothing.js' });
  assert.equal(missing.statusCode, 404);
});

test('a share link answers a page to a browser and JSON to a program', async (t) => {
  const tp = await startTestApp();
  t.after(() => tp.close());
  const today = new Date().toISOString().slice(0, 10);
  const created = await tp.app.inject({
    method: 'POST',
    url: '/3.0/admin/share-links',
    headers: tp.admin,
    payload: { slice: 'serverpostbacks', filters: { date_from: today, date_to: today } },
  });
  assert.equal(created.statusCode, 201, created.body);
  const url = created.json().url as string;
  const page = await tp.app.inject({ method: 'GET', url, headers: { accept: BROWSER } });
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  const data = await tp.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
  assert.equal(data.statusCode, 200);
  assert.deepEqual(data.json().postbacks, []);
  const plain = await tp.app.inject({ method: 'GET', url });
  assert.equal(plain.json().status, 1);
});
