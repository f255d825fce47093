/**
 * Every JSON answer carries exactly the keys its record schema declares:
 * the schemas in src/schemas/ are what clients (and the console) are typed from, so a field the
 * server sends must be declared, and a declared required field must be sent. Records are made
 * through the real API (a click, a postback, delivered outbound postbacks, a share link).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TSchema } from '@fastify/type-provider-typebox';
import { RECORD_SCHEMAS } from '../../src/schemas/index.js';
import { api, click, create, createAffiliate, createOffer, postback, settled, startWorld } from '../outbound/world.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const around = `date_from=${day(Date.now() - DAY)}&date_to=${day(Date.now() + DAY)}`;

type ObjectSchema = {
  properties: Record<string, TSchema & { $ref?: string; items?: { $ref?: string } }>;
  required?: string[];
};

const byId = new Map(
  RECORD_SCHEMAS.map((schema) => [(schema as { $id: string }).$id, schema as unknown as ObjectSchema]),
);

/** Asserts `value` sends the required keys of record `id` and no other, and so on down referenced records. */
function assertShape(id: string, value: Record<string, unknown>, where: string): void {
  const schema = byId.get(id);
  assert.ok(schema, `schema ${id}`);
  const declared = Object.keys(schema.properties);
  const sent = Object.keys(value);
  const required = schema.required ?? declared;
  assert.deepEqual(
    sent.filter((key) => !declared.includes(key)),
    [],
    `${where}: every key sent is declared in ${id}`,
  );
  for (const key of required) assert.ok(key in value, `${where}: ${id}.${key} is sent`);
  for (const [key, property] of Object.entries(schema.properties)) {
    const ref = property.$ref ?? property.items?.$ref;
    if (!ref || !(key in value)) continue;
    const items = Array.isArray(value[key])
      ? (value[key] as Record<string, unknown>[])
      : [value[key] as Record<string, unknown>];
    assert.ok(items.length > 0 || Array.isArray(value[key]), `${where}: ${key}`);
    for (const item of items) assertShape(ref, item, `${where}.${key}`);
  }
}

test('answers carry exactly the keys of their record schemas', async () => {
  const w = await startWorld();
  try {
    const affiliate = await createAffiliate(w, 'A');
    assertShape('AffiliateCreated', affiliate as unknown as Record<string, unknown>, 'POST affiliates');
    const offer = await createOffer(w, { cross_postback_url: `${w.sink.url}/cross?r={revenue}` });
    await create(w.t, `/3.0/admin/affiliates/${affiliate.id}/postbacks`, { url: `${w.sink.url}/pb?p={payout}` });
    await create(w.t, '/3.0/admin/tracking-events', {
      affiliate_id: affiliate.id,
      statuses: ['approved'],
      url: `${w.sink.url}/te`,
    });
    const conversion = await postback(w, {
      clickid: await click(w, offer.id, affiliate.id, '&sub1=s1'),
      sum: '50',
      custom_field3: 'c3',
      secure: 'x',
    });
    const jobs = await settled(w);
    const share = await api(w.t, 'POST', '/3.0/admin/share-links', {
      slice: 'serverpostbacks',
      filters: { date_from: day(Date.now() - DAY), date_to: day(Date.now() + DAY) },
    });
    assertShape('ShareLinkCreated', share.body, 'POST share-links');

    const admin: [string, string][] = [
      ['AdvertiserList', '/3.0/admin/advertisers'],
      ['Advertiser', `/3.0/admin/advertisers/${w.advertiser}`],
      ['AffiliateList', '/3.0/admin/affiliates'],
      ['Affiliate', `/3.0/admin/affiliates/${affiliate.id}`],
      ['OfferList', '/3.0/admin/offers'],
      ['Offer', `/3.0/admin/offers/${offer.id}`],
      ['AffiliatePostbackList', `/3.0/admin/affiliates/${affiliate.id}/postbacks`],
      ['TrackingEventList', '/3.0/admin/tracking-events'],
      ['Conversion', `/3.0/admin/conversions/${conversion}`],
      ['OutboundDetail', `/3.0/admin/outbound/${jobs[0].id}`],
      ['ShareLink', `/3.0/admin/share-links/${share.body.token}`],
      ['ConversionList', `/3.0/stats/conversions?${around}`],
      ['ServerPostbackList', `/3.0/stats/serverpostbacks?${around}`],
      ['OutboundPostbackList', `/3.0/stats/affiliatepostbacks?${around}`],
      ['OutboundPostbackList', `/3.0/stats/crosspostbacks?${around}`],
      ['ServerPostbackList', `/share/${share.body.token}`],
      ['Health', '/health'],
    ];
    for (const [id, url] of admin) {
      const answer = await api(w.t, 'GET', url);
      assert.equal(answer.status, 200, `${url}: ${JSON.stringify(answer.body)}`);
      assertShape(id, answer.body, url);
    }
    const partner: [string, string][] = [
      ['PartnerConversionList', `/3.0/partner/conversions?${around}`],
      ['PartnerConversion', `/3.0/partner/conversions/${conversion}`],
      ['PartnerOutboundPostbackList', `/3.0/partner/postbacks?${around}`],
      ['PartnerTrackingEventList', '/3.0/partner/tracking-events'],
      ['PartnerOfferList', '/3.0/partner/offers'],
      ['AffiliatePostbackList', '/3.0/partner/postback-urls'],
    ];
    for (const [id, url] of partner) {
      const answer = await api(w.t, 'GET', url, undefined, affiliate.api_key);
      assert.equal(answer.status, 200, `${url}: ${JSON.stringify(answer.body)}`);
      assertShape(id, answer.body, url);
    }

    const refused = await api(w.t, 'GET', '/3.0/stats/conversions');
    assert.equal(refused.status, 400);
    assertShape('Error', refused.body, 'a refusal');
    const accepted = await w.t.app.inject({ url: `/postback?clickid=${'0'.repeat(24)}` });
    assertShape('PostbackAnswer', accepted.json(), '/postback');
  } finally {
    await w.close();
  }
});
