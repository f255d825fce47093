/**
 * `decline_reason` in conversion rows: a conversion a cap declined carries `cap_reached`, others
 * null, in `/3.0/stats/conversions`, `/3.0/partner/conversions` and the admin record; the
 * `decline_reason[]` filter in all three list encodings; an unknown reason answers 400.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, createAffiliate, createOffer, postback, startWorld, type World } from '../outbound/world.js';

async function click(w: World, offer: number, affiliate: number): Promise<string> {
  const response = await w.t.app.inject({ method: 'GET', url: `/click?offer_id=${offer}&pid=${affiliate}` });
  assert.equal(response.statusCode, 302, response.body);
  return new URL(response.headers.location as string).searchParams.get('c') as string;
}

test('decline_reason: in every conversion row, and filtered in every list encoding', async () => {
  const w = await startWorld();
  try {
    const aff = await createAffiliate(w, 'Aff');
    const offer = await createOffer(w, { caps: [{ period: 'all', type: 'conversions', value: 1 }] });
    const counted = await postback(w, { clickid: await click(w, offer.id, aff.id) });
    const capped = await postback(w, { clickid: await click(w, offer.id, aff.id) });
    const d = new Date().toISOString().slice(0, 10);
    const range = `date_from=${d}&date_to=${d}`;

    const all = await api(w.t, 'GET', `/3.0/stats/conversions?${range}`);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    const reasons = Object.fromEntries(
      all.body.conversions.map((row: { id: string; decline_reason: string | null }) => [row.id, row.decline_reason]),
    );
    assert.deepEqual(reasons, { [counted]: null, [capped]: 'cap_reached' });

    const ids = async (query: string, key?: string) => {
      const answer = await api(
        w.t,
        'GET',
        `${key ? '/3.0/partner' : '/3.0/stats'}/conversions?${range}&${query}`,
        undefined,
        key,
      );
      assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
      return answer.body.conversions.map((row: { id: string }) => row.id).sort();
    };
    assert.deepEqual(await ids('decline_reason[]=cap_reached'), [capped]);
    assert.deepEqual(await ids('decline_reason[0]=none'), [counted]);
    assert.deepEqual(await ids('decline_reason=cap_reached&decline_reason=none'), [counted, capped].sort());
    assert.deepEqual(await ids('decline_reason[]=cap_reached', aff.api_key), [capped]);

    const partner = await api(w.t, 'GET', `/3.0/partner/conversions?${range}`, undefined, aff.api_key);
    assert.deepEqual(
      partner.body.conversions.map((row: { decline_reason: string | null }) => row.decline_reason).sort(),
      ['cap_reached', null],
    );
    const record = await api(w.t, 'GET', `/3.0/admin/conversions/${capped}`);
    assert.equal(record.body.decline_reason, 'cap_reached');

    const refused = await api(w.t, 'GET', `/3.0/stats/conversions?${range}&decline_reason[]=fraud`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'decline_reason: unknown reason "fraud" (cap_reached or none)');
    assert.equal(refused.body.message, refused.body.error);
  } finally {
    await w.close();
  }
});
