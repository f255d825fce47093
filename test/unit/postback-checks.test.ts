// The postback checks as pure functions: checks 1-2 on the click id, then 4-10 in order, the
// first that fails giving the answer's text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type CheckContext,
  checkPostback,
  clickIdProblem,
  MAX_ACTION_ID,
  type PostbackInput,
} from '../../src/domain/postback-checks.js';
import { POSTBACK_ERROR } from '../../src/domain/postback-errors.js';
import { STATUS } from '../../src/domain/status.js';
import { advertiserView, offerView } from '../../src/domain/catalog-view.js';
import { DAY, sampleAdvertiser, sampleClick, sampleOffer, samplePayout } from './samples.js';

function input(change: Partial<PostbackInput> = {}): PostbackInput {
  return {
    clickid: null,
    goal: null,
    status: null,
    action_id: null,
    sum: null,
    currency: null,
    secure: null,
    comment: null,
    ip: null,
    custom_fields: {},
    ...change,
  };
}

function context(change: Partial<CheckContext> = {}): CheckContext {
  return {
    click: sampleClick(),
    offer: offerView(sampleOffer()),
    advertiser: advertiserView(sampleAdvertiser()),
    senderIp: '198.51.100.1',
    checkIpWhitelist: true,
    now: Date.now(),
    countryOf: (ip) => (ip === '192.0.2.9' ? 'FR' : null),
    tokensEqual: (a, b) => a === b,
    ...change,
  };
}

const errorOf = (given: Partial<PostbackInput>, ctx: Partial<CheckContext> = {}) => {
  const result = checkPostback(input(given), context(ctx));
  return result.ok ? null : result.error;
};

test('checks 1 and 2: the click id is present and 24 hex characters, either case', () => {
  assert.equal(clickIdProblem(null), POSTBACK_ERROR.missingClickId);
  assert.equal(clickIdProblem('abc'), POSTBACK_ERROR.brokenClickId);
  assert.equal(clickIdProblem('g'.repeat(24)), POSTBACK_ERROR.brokenClickId);
  assert.equal(clickIdProblem('A'.repeat(24)), null);
});

test('a postback passing every check resolves goal, status, money and country', () => {
  const result = checkPostback(input({ sum: '12.5', status: 'pending' }), context());
  assert.ok(result.ok);
  assert.equal(result.value.payout.goal, '1');
  assert.deepEqual([result.value.passed_status, result.value.status], [STATUS.pending, STATUS.pending]);
  assert.equal(result.value.sum, 125_000);
  assert.deepEqual([result.value.currency, result.value.country, result.value.user_ip], ['USD', 'DE', '203.0.113.5']);
  const withIp = checkPostback(input({ ip: ' 192.0.2.9 ' }), context());
  assert.ok(withIp.ok);
  assert.deepEqual(
    [withIp.value.country, withIp.value.user_ip, withIp.value.status],
    ['FR', '192.0.2.9', STATUS.approved],
  );
});

test('check 4: the offer token, else the advertiser token', () => {
  const offerToken = { offer: offerView(sampleOffer({ secure_token: 'o' })) };
  assert.equal(errorOf({}, offerToken), POSTBACK_ERROR.accessDenied);
  assert.equal(errorOf({ secure: 'a' }, offerToken), POSTBACK_ERROR.accessDenied);
  assert.equal(errorOf({ secure: 'o' }, offerToken), null);
  const advertiserToken = { advertiser: advertiserView(sampleAdvertiser({ secure_token: 'a' })) };
  assert.equal(errorOf({ secure: 'x' }, advertiserToken), POSTBACK_ERROR.accessDenied);
  assert.equal(errorOf({ secure: 'a' }, advertiserToken), null);
});

test('check 5: the union of both whitelists, skipped for pixels', () => {
  const listed = { offer: offerView(sampleOffer({ allowed_ips: ['10.0.0.0/8'] })) };
  assert.equal(errorOf({}, listed), POSTBACK_ERROR.ipDenied);
  assert.equal(errorOf({}, { ...listed, senderIp: '10.1.2.3' }), null);
  assert.equal(
    errorOf({}, { ...listed, advertiser: advertiserView(sampleAdvertiser({ allowed_ips: ['198.51.100.1'] })) }),
    null,
  );
  assert.equal(errorOf({}, { ...listed, checkIpWhitelist: false }), null);
});

test('check 6: a deleted or inactive offer, or a disabled advertiser', () => {
  assert.equal(errorOf({}, { offer: undefined }), POSTBACK_ERROR.offerDisabled);
  assert.equal(errorOf({}, { offer: offerView(sampleOffer({ status: 'paused' })) }), POSTBACK_ERROR.offerDisabled);
  assert.equal(
    errorOf({}, { advertiser: advertiserView(sampleAdvertiser({ status: 'disabled' })) }),
    POSTBACK_ERROR.offerDisabled,
  );
});

test('check 7: the goal exists and is open to the click affiliate', () => {
  assert.equal(errorOf({ goal: 'sale' }), POSTBACK_ERROR.goalNotFound);
  const restricted = { offer: offerView(sampleOffer({ payouts: [samplePayout({ affiliates: [99] })] })) };
  assert.equal(errorOf({}, restricted), POSTBACK_ERROR.goalNotFound);
  const sale = { offer: offerView(sampleOffer({ payouts: [samplePayout({ goal: 'Sale' })] })) };
  assert.equal(errorOf({ goal: 'SALE' }, sale), null, 'goals match case-insensitively');
});

test('check 8: status, sum, currency and action_id are well-formed', () => {
  assert.equal(errorOf({ status: 'maybe' }), POSTBACK_ERROR.invalidStatus);
  assert.equal(errorOf({ sum: '-1' }), POSTBACK_ERROR.invalidSum);
  assert.equal(errorOf({ currency: 'dollars' }), POSTBACK_ERROR.invalidCurrency);
  assert.equal(errorOf({ action_id: 'a'.repeat(MAX_ACTION_ID + 1) }), POSTBACK_ERROR.invalidActionId);
  assert.equal(errorOf({ action_id: 'a'.repeat(MAX_ACTION_ID) }), null);
});

test('check 9: the click is within its offer lifespan', () => {
  const old = { click: sampleClick({ created_at: Date.now() - 31 * DAY }) };
  assert.equal(errorOf({}, old), POSTBACK_ERROR.lifespanExpired);
  assert.equal(errorOf({}, { ...old, offer: offerView(sampleOffer({ click_lifespan_days: 60 })) }), null);
});

test('check 10: the payout countries hold the user country', () => {
  const german = { offer: offerView(sampleOffer({ payouts: [samplePayout({ countries: ['DE'] })] })) };
  assert.equal(errorOf({}, german), null);
  assert.equal(errorOf({ ip: '192.0.2.9' }, german), POSTBACK_ERROR.payoutNotFound);
  assert.equal(errorOf({}, { ...german, click: sampleClick({ country: null }) }), POSTBACK_ERROR.payoutNotFound);
});

test('the checks run in order: the first failing one answers', () => {
  const everythingWrong = {
    offer: offerView(sampleOffer({ secure_token: 't', status: 'paused', allowed_ips: ['10.0.0.1'] })),
  };
  assert.equal(errorOf({ status: 'x' }, everythingWrong), POSTBACK_ERROR.accessDenied);
  assert.equal(errorOf({ secure: 't', status: 'x' }, everythingWrong), POSTBACK_ERROR.ipDenied);
  assert.equal(
    errorOf({ secure: 't', status: 'x' }, { ...everythingWrong, senderIp: '10.0.0.1' }),
    POSTBACK_ERROR.offerDisabled,
  );
  assert.equal(errorOf({ goal: 'none', status: 'x' }), POSTBACK_ERROR.goalNotFound);
  assert.equal(errorOf({ status: 'x', sum: 'y' }), POSTBACK_ERROR.invalidStatus);
});
