/** `npm run demo`: the seeded offer works end to end with the printed commands' URLs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemo } from '../../src/ops/demo.js';
import { startTestApp } from '../helpers/harness.js';

test('the demo seed gives a click URL that redirects and a postback that creates a conversion', async (t) => {
  const app = await startTestApp();
  t.after(() => app.close());
  const lines: string[] = [];
  const seed = await seedDemo(app.ctx, 'http://localhost:3000', (line) => lines.push(line));
  assert.ok(
    lines.some((line) => line.includes(seed.clickUrl)),
    'the click command is printed',
  );
  assert.ok(
    lines.some((line) => line.includes(seed.affiliateApiKey)),
    'the affiliate key is printed once',
  );

  const click = await app.app.inject({ method: 'GET', url: seed.clickUrl.replace('http://localhost:3000', '') });
  assert.equal(click.statusCode, 302);
  const clickid = new URL(click.headers.location as string).searchParams.get('clickid');
  const answer = await app.app.inject({
    method: 'GET',
    url: `/postback?clickid=${clickid}&secure=${seed.secureToken}&sum=25&action_id=order-1`,
  });
  assert.equal(answer.json().message, 'Conversion created');
  const conversion = await app.ctx.store.conversions.get(answer.json().conversion_id);
  assert.equal(conversion?.revenue, 100_000);
  assert.equal(conversion?.payout, 70_000);
  // A second run makes a second set rather than failing.
  const again = await seedDemo(app.ctx, 'http://localhost:3000', () => undefined);
  assert.notEqual(again.offerId, seed.offerId);
});
