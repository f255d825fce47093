/**
 * Bad and odd input on /postback: always HTTP 200 with a documented status-2 text (or a
 * normal answer when the input is merely unusual), always exactly one log row, never a 500.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { allConversions, insertClick, logRows, seedWorld } from './fixtures.js';

async function post(app: TestApp, payload: string | Buffer, contentType?: string, url = '/postback') {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
  const response = await app.app.inject({ method: 'POST', url, payload, headers });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as { status: number; message?: string; error?: string; conversion_id?: string };
}

test('malformed bodies get a status-2 text and a log row', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const cases: [string | Buffer, string | undefined, string][] = [
    ['{"clickid": "abc', 'application/json', 'Malformed body: invalid JSON'],
    ['[1,2,3]', 'application/json', 'Malformed body: JSON must be an object of parameters'],
    ['"just a string"', 'application/json', 'Malformed body: JSON must be an object of parameters'],
    ['null', 'application/json', 'Malformed body: JSON must be an object of parameters'],
    [`{"clickid":"${clickid}"`, 'text/plain', 'Malformed body: invalid JSON'],
    [
      '--x\r\nContent-Disposition: form-data; name="clickid"\r\n\r\nabc\r\n--x--',
      'multipart/form-data; boundary=x',
      'Malformed body: send a form (application/x-www-form-urlencoded) or JSON',
    ],
    [
      `clickid=${clickid}&comment=${'x'.repeat(70_000)}`,
      'application/x-www-form-urlencoded',
      'Malformed body: larger than 65536 bytes',
    ],
    [
      `{"clickid":"${clickid}","deep":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      'application/json',
      'Malformed body: JSON nested too deeply',
    ],
    [`{"clickid":"${clickid}","deep":${'['.repeat(50)}${']'.repeat(50)}}`, 'application/json', 'ok'],
  ];
  for (const [payload, type, error] of cases) {
    const answer = await post(app, payload, type, `/postback?clickid=${clickid}`);
    if (error === 'ok') {
      // Nested but readable JSON is just an odd value: the postback goes through.
      assert.equal(answer.status, 1, JSON.stringify(answer));
      continue;
    }
    assert.deepEqual(answer, { status: 2, error }, String(type));
  }
  const rows = await logRows(app);
  assert.equal(rows.length, cases.length);
  // The query parameters of a refused body are still logged.
  assert.ok(rows.every((row) => row.params.clickid === clickid));
});

test('an unparsable Content-Type is read by sniffing, not refused with 415', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  assert.equal((await post(app, `clickid=${clickid}`, 'this is / not ; a type')).message, 'Conversion created');
  const other = await insertClick(app, world);
  assert.equal((await post(app, JSON.stringify({ click_id: other }), undefined)).message, 'Conversion created');
  const third = await insertClick(app, world);
  assert.equal((await post(app, `clickid=${third}`, 'application/octet-stream')).message, 'Conversion created');
});

test('JSON values of any type become text; the body wins over the query', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const body = {
    clickid,
    goal: 1,
    sum: 12.34,
    status: 2,
    comment: { nested: true },
    custom_field1: [7, 'x'],
    currency: null,
  };
  const answer = await post(
    app,
    JSON.stringify(body),
    'application/json',
    '/postback?clickid=000000000000000000000000&sum=99',
  );
  assert.equal(answer.message, 'Conversion created');
  const conversion = await app.ctx.store.conversions.get(answer.conversion_id as string);
  assert.equal(conversion?.sum, 123_400);
  assert.equal(conversion?.status, 2);
  assert.equal(conversion?.comment, '{"nested":true}');
  assert.deepEqual(conversion?.custom_fields, { custom_field1: '7' });
  const [row] = await logRows(app);
  assert.deepEqual(row.params, {
    clickid,
    sum: '12.34',
    goal: '1',
    status: '2',
    comment: '{"nested":true}',
    custom_field1: '7,x',
  });
});

test('repeated query parameters: the first value counts, the log keeps all', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const response = await app.app.inject({
    method: 'GET',
    url: `/postback?clickid=${clickid}&clickid=zzz&action_id=a&action_id=b`,
  });
  const answer = response.json() as { conversion_id: string };
  const conversion = await app.ctx.store.conversions.get(answer.conversion_id);
  assert.equal(conversion?.action_id, 'a');
  const [row] = await logRows(app);
  assert.equal(row.params.clickid, `${clickid},zzz`);
  assert.equal(row.params.action_id, 'a,b');
});

test('unicode, SQL-looking text, NUL bytes and broken escapes are stored as given', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const strange = ["'; DROP TABLE conversions; --", '😀 ünïcødé 漢字', 'nul\u0000byte', '%E0%A4%A', 'a\r\nb'];
  for (const [i, value] of strange.entries()) {
    const clickid = await insertClick(app, world);
    const answer = await post(
      app,
      JSON.stringify({ clickid, action_id: `${value}-${i}`, comment: value, custom_field2: value }),
      'application/json',
    );
    assert.equal(answer.message, 'Conversion created', value);
    const conversion = await app.ctx.store.conversions.get(answer.conversion_id as string);
    assert.equal(conversion?.comment, value);
    assert.equal(conversion?.action_id, `${value}-${i}`);
  }
  // Prototype-looking keys are plain parameter names: logged, never merged into anything.
  const protoClick = await insertClick(app, world);
  const proto = await post(
    app,
    `{"clickid":"${protoClick}","__proto__":{"polluted":"yes"},"constructor":"x"}`,
    'application/json',
  );
  assert.equal(proto.message, 'Conversion created');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  // A form with a malformed escape is read as written.
  const clickid = await insertClick(app, world);
  const answer = await post(app, `clickid=${clickid}&comment=100%25%zz%`, 'application/x-www-form-urlencoded');
  assert.equal((await app.ctx.store.conversions.get(answer.conversion_id as string))?.comment, '100%%zz%');
  // SQL in the click id is just a broken click id.
  assert.deepEqual(await post(app, "clickid=1' OR '1'='1", 'application/x-www-form-urlencoded'), {
    status: 2,
    error: 'Broken clickid (24 symbols expected)',
  });
  assert.equal((await allConversions(app)).length, strange.length + 2);
  const rows = await logRows(app);
  assert.equal(rows.length, strange.length + 3);
  const protoRow = rows.find((row) => row.clickid === protoClick);
  assert.equal(protoRow?.params.__proto__, '{"polluted":"yes"}');
  const found = await app.ctx.store.postbackLog.list(
    { from: 0, to: Date.now() + 60_000, search: '漢字' },
    { page: 1, limit: 10 },
  );
  assert.equal(found.total, 1);
});

test('oversized query parameters get their documented answers', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const big = 'x'.repeat(5000);
  const ask = async (query: Record<string, string>) =>
    (await app.app.inject({ method: 'GET', url: '/postback', query })).json() as { status: number; error?: string };
  assert.deepEqual(await ask({ clickid: big }), { status: 2, error: 'Broken clickid (24 symbols expected)' });
  assert.deepEqual(await ask({ clickid, goal: big }), { status: 2, error: 'Invalid goal value' });
  assert.deepEqual(await ask({ clickid, sum: '1'.repeat(5000) }), { status: 2, error: 'Invalid sum' });
  assert.deepEqual(await ask({ clickid, status: big }), { status: 2, error: 'Invalid status' });
  assert.deepEqual(await ask({ clickid, action_id: big }), {
    status: 2,
    error: 'Invalid action_id (at most 255 characters)',
  });
  assert.equal((await ask({ clickid, custom_field1: big, secure: big })).status, 1);
  const [conversion] = await allConversions(app);
  assert.equal(conversion.custom_fields.custom_field1.length, 500);
  const rows = await logRows(app);
  assert.equal(rows.length, 6);
  assert.ok(rows.every((row) => (row.goal ?? '').length <= 255 && (row.status ?? '').length <= 255));
});

test('HEAD /postback records nothing', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const world = await seedWorld(app);
  const clickid = await insertClick(app, world);
  const response = await app.app.inject({ method: 'HEAD', url: `/postback?clickid=${clickid}` });
  assert.equal(response.statusCode, 404);
  assert.equal((await allConversions(app)).length, 0);
});
