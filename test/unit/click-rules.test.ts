// decideClick: the /click rules in order, each refusal with its status, text and reason slug.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ClickCatalog, decideClick, parseId } from '../../src/domain/click-rules.js';
import type { Advertiser, Affiliate, Offer } from '../../src/domain/entities.js';
import { advertiserView, offerView } from '../../src/domain/catalog-view.js';
import { sampleAdvertiser, sampleAffiliate, sampleOffer } from './samples.js';

const offer = sampleOffer();
const affiliate = sampleAffiliate();

/** A catalog holding one offer, its advertiser and one affiliate, each with the changes given. */
function catalog(
  change: { offer?: Partial<Offer>; advertiser?: Partial<Advertiser>; affiliate?: Partial<Affiliate> } = {},
) {
  const o = sampleOffer(change.offer);
  const a = sampleAdvertiser(change.advertiser);
  const f = sampleAffiliate(change.affiliate);
  const lookup: ClickCatalog = {
    offer: (id) => (id === o.id ? offerView(o) : undefined),
    advertiser: (id) => (id === a.id ? advertiserView(a) : undefined),
    affiliate: (id) => (id === f.id ? f : undefined),
  };
  return lookup;
}

const refusalOf = (offerText: string | undefined, pid: string | undefined, lookup = catalog()) => {
  const decision = decideClick(offerText, pid, lookup);
  assert.equal(decision.ok, false);
  if (decision.ok) throw new Error('unreachable');
  return {
    code: decision.code,
    text: decision.text,
    reason: decision.reason,
    offer: decision.offer?.id ?? null,
    affiliate: decision.affiliateId,
  };
};

test('a known, active offer and affiliate go ahead, ids given with spaces around', () => {
  const decision = decideClick(' 7 ', '5', catalog());
  assert.deepEqual(decision, { ok: true, offer, affiliate });
});

test('the offer is checked first: missing, malformed, unknown, inactive', () => {
  assert.deepEqual(refusalOf(undefined, '5'), {
    code: 400,
    text: 'Missing mandatory parameter offer_id',
    reason: 'invalid-offer',
    offer: null,
    affiliate: null,
  });
  assert.deepEqual(refusalOf('  ', undefined), {
    code: 400,
    text: 'Missing mandatory parameter offer_id',
    reason: 'invalid-offer',
    offer: null,
    affiliate: null,
  });
  assert.deepEqual(refusalOf('7x', '5'), {
    code: 404,
    text: 'Offer not found',
    reason: 'invalid-offer',
    offer: null,
    affiliate: null,
  });
  assert.deepEqual(refusalOf('8', '5'), {
    code: 404,
    text: 'Offer not found',
    reason: 'unknown-offer',
    offer: null,
    affiliate: null,
  });
  const inactive = { code: 404, text: 'Offer is not active', reason: 'inactive-offer', offer: 7, affiliate: null };
  assert.deepEqual(refusalOf('7', '5', catalog({ offer: { status: 'paused' } })), inactive);
  assert.deepEqual(refusalOf('7', '5', catalog({ advertiser: { status: 'disabled' } })), inactive);
});

test('then the affiliate: missing, malformed, unknown, banned, not allowed on a private offer', () => {
  assert.deepEqual(refusalOf('7', undefined), {
    code: 400,
    text: 'Missing mandatory parameter pid',
    reason: 'invalid-affiliate',
    offer: 7,
    affiliate: null,
  });
  assert.deepEqual(refusalOf('7', '0'), {
    code: 404,
    text: 'Affiliate not found',
    reason: 'invalid-affiliate',
    offer: 7,
    affiliate: null,
  });
  assert.deepEqual(refusalOf('7', '6'), {
    code: 404,
    text: 'Affiliate not found',
    reason: 'unknown-affiliate',
    offer: 7,
    affiliate: null,
  });
  assert.deepEqual(refusalOf('7', '5', catalog({ affiliate: { status: 'banned' } })), {
    code: 403,
    text: 'Affiliate is banned',
    reason: 'inactive-affiliate',
    offer: 7,
    affiliate: 5,
  });
  const privateOffer = catalog({ offer: { privacy: 'private', allowed_affiliates: [9] } });
  assert.deepEqual(refusalOf('7', '5', privateOffer), {
    code: 403,
    text: 'Affiliate is not allowed on this offer',
    reason: 'disabled-affiliate',
    offer: 7,
    affiliate: 5,
  });
  assert.equal(decideClick('7', '5', catalog({ offer: { privacy: 'private', allowed_affiliates: [5] } })).ok, true);
});

test('ids are positive integers of at most 15 digits', () => {
  assert.equal(parseId('1'), 1);
  assert.equal(parseId('999999999999999'), 999999999999999);
  for (const bad of [undefined, '', '0', '-1', '01', '1.0', '1e3', '9999999999999999'])
    assert.equal(parseId(bad), null, String(bad));
});
