/**
 * `npm run demo`: seeds an advertiser, an affiliate and an active public offer, then prints
 * the commands that make a click and a conversion, so a newcomer sees the whole loop in a
 * minute. Each run creates a new set (ids are printed), which keeps it safe to repeat.
 */
import type { AppContext } from '../context.js';
import { newApiKey, sha256 } from '../http/hash.js';
import { parseMoney } from '../domain/money.js';
import { newOffer, newPayout } from '../domain/offer-defaults.js';

/** What the demo created, for tests and for printing. */
export interface DemoSeed {
  advertiserId: number;
  affiliateId: number;
  affiliateApiKey: string;
  offerId: number;
  secureToken: string;
  clickUrl: string;
}

export async function seedDemo(
  ctx: AppContext,
  baseUrl: string,
  print: (line: string) => void = console.log,
): Promise<DemoSeed> {
  const secureToken = newApiKey().slice(0, 16);
  const advertiser = await ctx.store.advertisers.create({
    name: 'Demo advertiser',
    status: 'active',
    secure_token: secureToken,
    allowed_ips: [],
  });
  const affiliateApiKey = newApiKey();
  const affiliate = await ctx.store.affiliates.create({
    name: 'Demo affiliate',
    status: 'active',
    signing_secret: null,
    api_key_hash: sha256(affiliateApiKey),
  });
  const offer = await ctx.store.offers.create(
    newOffer({
      title: 'Demo offer',
      advertiser_id: advertiser.id,
      // A harmless landing page: the click id shows in the URL it redirects to.
      tracking_url: 'https://example.com/landing?clickid={clickid}&sub1={sub1}',
      payouts: [
        newPayout({
          goal: '1',
          title: 'Sale',
          revenue: parseMoney('10') as number,
          payout: parseMoney('7') as number,
        }),
      ],
    }),
  );

  const clickUrl = `${baseUrl}/click?offer_id=${offer.id}&pid=${affiliate.id}&sub1=demo`;
  const today = new Date().toISOString().slice(0, 10);
  print('');
  print(
    `Demo seeded: advertiser ${advertiser.id}, affiliate ${affiliate.id}, offer ${offer.id} (goal 1: revenue 10, payout 7 USD)`,
  );
  print(`Demo affiliate API key (shown once): ${affiliateApiKey}`);
  print('1. Click (the 302 goes to example.com with the click id):');
  print(
    `   CLICKID=$(curl -s -o /dev/null -w '%{redirect_url}' '${clickUrl}' | sed 's/.*clickid=\\([0-9a-f]*\\).*/\\1/'); echo $CLICKID`,
  );
  print('2. Advertiser postback (a conversion):');
  print(`   curl "${baseUrl}/postback?clickid=$CLICKID&secure=${secureToken}&sum=25&action_id=order-1"`);
  print('3. See it (admin key):');
  print(`   curl -H 'API-Key: <admin key>' '${baseUrl}/3.0/stats/conversions?date_from=${today}&date_to=${today}'`);
  print('');
  return {
    advertiserId: advertiser.id,
    affiliateId: affiliate.id,
    affiliateApiKey,
    offerId: offer.id,
    secureToken,
    clickUrl,
  };
}
