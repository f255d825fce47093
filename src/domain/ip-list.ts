/**
 * IP whitelists: entries are single addresses, CIDR blocks or `a.b.c.d-e.f.g.h` ranges.
 * IPv4-mapped IPv6 senders (::ffff:1.2.3.4) are compared as their IPv4 form.
 */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** One parsed whitelist entry. */
export type IpRule =
  | { kind: 'cidr'; range: [Address, number] }
  | { kind: 'range'; from: bigint; to: bigint; family: 'ipv4' | 'ipv6' };

/** Parses an address, unwrapping IPv4-mapped IPv6; null when invalid. */
export function parseAddress(text: string): Address | null {
  const trimmed = text.trim();
  if (!ipaddr.isValid(trimmed)) return null;
  const address = ipaddr.parse(trimmed);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address();
  }
  return address;
}

function toBigInt(address: Address): bigint {
  return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

/** Parses one entry; null when it is none of the three forms. */
export function parseIpRule(entry: string): IpRule | null {
  const text = entry.trim();
  if (text.includes('/')) {
    try {
      const [address, bits] = ipaddr.parseCIDR(text);
      const unwrapped = parseAddress(address.toString());
      if (!unwrapped) return null;
      const offset = address.kind() === 'ipv6' && unwrapped.kind() === 'ipv4' ? 96 : 0;
      return { kind: 'cidr', range: [unwrapped, bits - offset] };
    } catch {
      return null;
    }
  }
  const dash = text.indexOf('-');
  if (dash > 0) {
    const from = parseAddress(text.slice(0, dash));
    const to = parseAddress(text.slice(dash + 1));
    if (!from || !to || from.kind() !== to.kind()) return null;
    const low = toBigInt(from);
    const high = toBigInt(to);
    if (low > high) return null;
    return { kind: 'range', from: low, to: high, family: from.kind() };
  }
  const single = parseAddress(text);
  if (!single) return null;
  return { kind: 'cidr', range: [single, single.kind() === 'ipv4' ? 32 : 128] };
}

/** The first entry that is not a valid address, CIDR or range, or null when all are valid. */
export function invalidIpEntry(entries: readonly string[]): string | null {
  return entries.find((entry) => parseIpRule(entry) === null) ?? null;
}

/** Parses a whole list, dropping invalid entries (lists are validated when saved). */
export function compileIpList(entries: readonly string[]): IpRule[] {
  return entries.map(parseIpRule).filter((rule): rule is IpRule => rule !== null);
}

/** True when the address matches any rule. */
export function ipAllowed(rules: readonly IpRule[], addressText: string): boolean {
  const address = parseAddress(addressText);
  if (!address) return false;
  return rules.some((rule) => {
    if (rule.kind === 'cidr') {
      return address.kind() === rule.range[0].kind() && address.match(rule.range);
    }
    if (address.kind() !== rule.family) return false;
    const value = toBigInt(address);
    return value >= rule.from && value <= rule.to;
  });
}
