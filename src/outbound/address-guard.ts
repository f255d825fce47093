/**
 * The address guard (SSRF): outbound postbacks go to URLs that affiliates and admins type in,
 * so without a guard anyone with an affiliate key could make the server call its own network.
 *
 * The check happens at connect time, inside the socket's DNS lookup: the addresses that were
 * checked are the ones the socket connects to, so a name that resolves to a public address
 * when checked and to 127.0.0.1 a moment later (DNS rebinding) gains nothing.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** The error text of a refused destination. */
export const BLOCKED_ADDRESS = 'Blocked address';

/** Error code carried by a refused connection, to tell it from a network failure. */
export const BLOCKED_CODE = 'ERR_TRACKPOST_BLOCKED_ADDRESS';

/** ipaddr.js ranges a postback may reach: only ordinary public unicast. */
const PUBLIC_RANGES = new Set(['unicast']);

/**
 * True when the address must not be contacted: loopback, private, link-local, multicast,
 * unspecified, carrier-grade NAT, broadcast, reserved, and the IPv6 forms that embed such an
 * IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64, 6to4, Teredo).
 * Anything that does not parse as an address is blocked too.
 */
export function isBlockedAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return true;
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    const embedded = embeddedIPv4(v6);
    if (embedded) return isBlockedAddress(embedded);
    return !PUBLIC_RANGES.has(v6.range());
  }
  return !PUBLIC_RANGES.has((parsed as ipaddr.IPv4).range());
}

/** The IPv4 address an IPv6 address stands for, when it is one of the embedding forms. */
function embeddedIPv4(address: ipaddr.IPv6): string | null {
  const parts = address.parts;
  const lastTwo = () => `${parts[6] >> 8}.${parts[6] & 0xff}.${parts[7] >> 8}.${parts[7] & 0xff}`;
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  // ::a.b.c.d (deprecated "IPv4-compatible"): the first 96 bits are zero. :: and ::1 are
  // left to the range check (unspecified, loopback).
  if (parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7] > 1)) return lastTwo();
  // NAT64 well-known prefix 64:ff9b::/96
  if (parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((part) => part === 0)) return lastTwo();
  // 6to4 2002:a.b.c.d::/16 embeds the IPv4 address in bits 16-47.
  if (parts[0] === 0x2002) return `${parts[1] >> 8}.${parts[1] & 0xff}.${parts[2] >> 8}.${parts[2] & 0xff}`;
  return null;
}

/** An Error marking a refused destination. */
export function blockedError(): Error & { code: string } {
  return Object.assign(new Error(BLOCKED_ADDRESS), { code: BLOCKED_CODE });
}

/** True when an error (or the error it wraps) is a refused destination. */
export function isBlockedError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === BLOCKED_CODE) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * True when the URL's host is an IP literal that must be refused. Host names are checked by
 * {@link guardedLookup} when the socket connects; IP literals never go through a lookup.
 * WHATWG URL parsing has already turned spellings such as `2130706433`, `0x7f.1` and
 * `0177.0.0.1` into dotted `127.0.0.1`.
 */
export function isBlockedLiteralHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) !== 0 && isBlockedAddress(bare);
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls sockets that resolves every address of the host and refuses the whole
 * host when any of them is blocked (a mix is a rebinding attempt as often as not).
 */
export function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
): void {
  dnsLookup(
    hostname,
    { all: true, family: typeof options.family === 'number' ? options.family : 0 },
    (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0 || addresses.some((entry) => isBlockedAddress(entry.address))) {
        return callback(blockedError(), []);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    },
  );
}
