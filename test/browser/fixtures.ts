/**
 * Records the browser scenarios share, made through the real API and tracking endpoints: an
 * advertiser, an affiliate, an offer (with a secure token), clicks and postbacks sent by HTTP.
 */
import assert from 'node:assert/strict';
import type { Console } from './browser.js';

export const SECURE_TOKEN = 'tok-secret-4711';

export interface Network {
  advertiser: { id: number };
  affiliate: { id: number; api_key: string };
  offer: { id: number };
}

export async function network(con: Console, offer: Record<string, unknown> = {}): Promise<Network> {
  const advertiser = await con.admin('POST', '/3.0/admin/advertisers', { name: 'Acme Shop' });
  const affiliate = await con.admin('POST', '/3.0/admin/affiliates', { name: 'Best Traffic' });
  const created = await con.admin('POST', '/3.0/admin/offers', {
    title: 'Acme spring sale',
    advertiser_id: advertiser.id,
    tracking_url: 'https://shop.example/landing?click={clickid}',
    secure_token: SECURE_TOKEN,
    payouts: [{ goal: '1', title: 'Sale', revenue: 10, payout: 7 }],
    ...offer,
  });
  return { advertiser, affiliate, offer: created };
}

/** A click through /click; returns its click id. */
export async function click(con: Console, net: Network): Promise<string> {
  const response = await fetch(`${con.base}/click?offer_id=${net.offer.id}&pid=${net.affiliate.id}`, {
    redirect: 'manual',
  });
  assert.equal(response.status, 302);
  const clickid = new URL(response.headers.get('location') as string).searchParams.get('click');
  assert.ok(clickid);
  return clickid;
}

/** An advertiser postback through /postback; returns the answer. */
export async function postback(
  con: Console,
  params: Record<string, string>,
): Promise<{ status: number; message?: string; conversion_id?: string }> {
  const response = await fetch(`${con.base}/postback?${new URLSearchParams(params)}`);
  assert.equal(response.status, 200);
  return (await response.json()) as { status: number; conversion_id?: string };
}
