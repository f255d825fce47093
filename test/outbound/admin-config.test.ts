/**
 * The admin API of affiliate postback URLs: CRUD under the affiliate, bad input answered with
 * 400 naming the field, another affiliate's postback answered 404.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, create, createAffiliate, createOffer, startWorld } from './world.js';

test('affiliate postbacks: create, read, edit, delete under their affiliate only', async () => {
  const w = await startWorld();
  try {
    const a = await createAffiliate(w, 'A');
    const b = await createAffiliate(w, 'B');
    const offer = await createOffer(w);
    const base = `/3.0/admin/affiliates/${a.id}/postbacks`;
    const made = await create(w.t, base, {
      url: 'https://a.example/pb?c={clickid}',
      method: 'POST',
      offer_id: offer.id,
      goals: ['Sale', 'sale', '1'],
      statuses: ['confirmed', 3, 'rejected'],
    });
    assert.deepEqual(
      [made.affiliate_id, made.offer_id, made.method, made.goals, made.statuses],
      [a.id, offer.id, 'POST', ['Sale', '1'], ['approved', 'declined']],
    );
    const defaults = await create(w.t, base, { url: 'https://a.example/global' });
    assert.deepEqual([defaults.offer_id, defaults.method, defaults.goals, defaults.statuses], [null, 'GET', [], []]);

    assert.equal((await api(w.t, 'GET', `${base}/${made.id}`)).body.url, 'https://a.example/pb?c={clickid}');
    const edited = await api(w.t, 'PATCH', `${base}/${made.id}`, { offer_id: null, statuses: [] });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual([edited.body.offer_id, edited.body.statuses, edited.body.method], [null, [], 'POST']);

    const elsewhere = `/3.0/admin/affiliates/${b.id}/postbacks/${made.id}`;
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const answer = await api(w.t, method, elsewhere, method === 'PATCH' ? { url: 'https://b.example/' } : undefined);
      assert.deepEqual([answer.status, answer.body.error], [404, 'Postback not found'], method);
    }
    assert.equal((await api(w.t, 'GET', `/3.0/admin/affiliates/${b.id}/postbacks`)).body.postbacks.length, 0);

    const bad = async (payload: object, error: RegExp) => {
      const answer = await api(w.t, 'POST', base, payload);
      assert.equal(answer.status, 400, JSON.stringify(payload));
      assert.equal(answer.body.status, 2);
      assert.match(answer.body.error, error, JSON.stringify(payload));
    };
    await bad({ url: 'ftp://a.example/' }, /^url: must be an absolute http or https URL$/);
    await bad(
      { url: 'https://a.example/?x={order_sum}' },
      /^url: macro \{order_sum\} is allowed in cross-postback URLs only/,
    );
    await bad(
      { url: 'https://a.example/?x={advertiser_id}' },
      /^url: macro \{advertiser_id\} is allowed in cross-postback URLs only/,
    );
    await bad({ url: 'https://a.example/', method: 'PUT' }, /^method/);
    await bad({ url: 'https://a.example/', goals: ['no spaces'] }, /^goals\[0\]: goal value/);
    await bad({ url: 'https://a.example/', colour: 'red' }, /^colour: unknown field$/);
    await bad({}, /^url: is required$/);

    assert.equal((await api(w.t, 'DELETE', `${base}/${made.id}`)).status, 200);
    assert.equal((await api(w.t, 'GET', `${base}/${made.id}`)).status, 404);
    assert.equal((await api(w.t, 'GET', base)).body.pagination.total_count, 1);
  } finally {
    await w.close();
  }
});
