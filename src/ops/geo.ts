/** IP to country, from the CC0 database shipped in @ip-location-db/geo-whois-asn-country-mmdb. */
import maxmind, { type Reader, type Response } from 'maxmind';
import { createRequire } from 'node:module';

interface CountryRecord {
  country_code?: string;
}

export interface Geo {
  /** Upper-case ISO-3166 alpha-2 code, or null when unknown (private addresses, gaps). */
  country(ip: string): string | null;
}

export async function openGeo(): Promise<Geo> {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
  const reader: Reader<Response> = await maxmind.open<Response>(path, { watchForUpdates: false });
  return {
    country(ip: string) {
      if (!maxmind.validate(ip)) return null;
      try {
        return (reader.get(ip) as CountryRecord | null)?.country_code?.toUpperCase() ?? null;
      } catch {
        return null;
      }
    },
  };
}
