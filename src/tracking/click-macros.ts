/**
 * The values of a tracking URL's macros (CLICK_MACROS) for one click: Trackpost's names and
 * Affise's (`{click_id}`, `{device_ua}`, `{time}`, `{offer_name}`, ...). Computed one name at a
 * time, only for the macros the offer's URL holds, so a click whose URL uses `{clickid}` alone
 * builds nothing else.
 */
import { randomUUID } from 'node:crypto';
import type { MacroValues } from '../domain/macros.js';

/** What a click knows when it redirects. */
export interface ClickMacroSource {
  /** Empty for trafficback: no click is stored. */
  clickid: string;
  offerId: number;
  offerTitle: string;
  advertiserId: number;
  pid: string;
  affiliateName: string | null;
  subs: readonly (string | null)[];
  ip: string;
  country: string | null;
  ua: string | null;
  referrer: string | null;
  at: number;
}

const SUB = /^sub([1-8])$/;

/** One macro's value; null (filled as empty) for the ones Trackpost does not record. */
export function clickMacroValue(click: ClickMacroSource, name: string): MacroValues[string] {
  switch (name) {
    case 'clickid':
    case 'click_id':
      return click.clickid;
    case 'offer_id':
      return click.offerId;
    case 'pid':
      return click.pid;
    case 'ip':
      return click.ip;
    case 'country':
    case 'geo':
      return click.country;
    case 'ua':
    case 'device_ua':
    case 'uagent':
      return click.ua;
    case 'referrer':
      return click.referrer;
    case 'offer_name':
      return click.offerTitle;
    case 'affiliate_name':
      return click.affiliateName;
    case 'advertiser_id':
      return click.advertiserId;
    case 'rand':
      // Affise's {rand} is a UUID; a fresh one per click keeps landing pages uncached.
      return randomUUID();
    case 'time':
      return Math.floor(click.at / 1000);
    case 'time_petty':
      return new Date(click.at).toISOString().slice(11, 19);
    case 'date_only':
      return new Date(click.at).toISOString().slice(0, 10);
    default: {
      const sub = SUB.exec(name);
      return sub ? (click.subs[Number(sub[1]) - 1] ?? null) : null;
    }
  }
}
