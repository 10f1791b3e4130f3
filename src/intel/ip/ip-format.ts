import ipaddr from 'ipaddr.js';
import { blockOf, type IpKey } from './ip-address.js';

export type IpScope = 'public' | 'private' | 'loopback' | 'reserved';

const ALL_ONES = 0xffffffff;

// ipaddr.js carries the IANA special-purpose registries and RFC 5952 output; parsing stays in
// ip-address.ts, which is stricter and fast enough for whole range files.
function toIpaddr(version: 4 | 6, words: ArrayLike<number>, offset = 0): ipaddr.IPv4 | ipaddr.IPv6 {
  if (version === 4) {
    const w = words[offset]!;
    return new ipaddr.IPv4([w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255]);
  }
  const parts: number[] = [];
  for (let i = 0; i < 4; i++) parts.push(words[offset + i]! >>> 16, words[offset + i]! & 0xffff);
  return new ipaddr.IPv6(parts);
}

/** Canonical text: dotted quad, or RFC 5952 for IPv6 (lower case, longest zero run folded). */
export function formatIp(version: 4 | 6, words: ArrayLike<number>, offset = 0): string {
  const address = toIpaddr(version, words, offset);
  return address instanceof ipaddr.IPv6 ? address.toRFC5952String() : address.toString();
}

/** Prefix length when [first, last] is exactly one CIDR block, else -1. */
function cidrLength(width: number, first: ArrayLike<number>, last: ArrayLike<number>, fo: number, lo: number): number {
  let hostBits = 0;
  let pastHostBits = false;
  for (let i = width - 1; i >= 0; i--) {
    const diff = (first[fo + i]! ^ last[lo + i]!) >>> 0;
    if (pastHostBits && diff !== 0) return -1;
    if (diff !== ALL_ONES) pastHostBits = true;
    // A block's varying bits are one run of low ones, all zero in its first address.
    if (((diff + 1) & diff) !== 0 || ((first[fo + i]! & diff) >>> 0) !== 0) return -1;
    hostBits += 32 - Math.clz32(diff);
  }
  return width * 32 - hostBits;
}

/** `a.b.c.0/24` when the range is one CIDR block, else `start-end`. */
export function formatRange(version: 4 | 6, first: ArrayLike<number>, last: ArrayLike<number>, fo = 0, lo = 0): string {
  const start = formatIp(version, first, fo);
  const length = cidrLength(version === 4 ? 1 : 4, first, last, fo, lo);
  return length >= 0 ? `${start}/${length}` : `${start}-${formatIp(version, last, lo)}`;
}

function blockText(key: IpKey, prefix: number): string {
  return `${formatIp(key.version, blockOf(key.version, key.words, prefix).first.words)}/${prefix}`;
}

/**
 * What one subscriber holds: the IPv4 address itself, or the IPv6 /64 (ISPs hand each line a /64
 * or more, and privacy addresses rotate inside it, so counting full IPv6 addresses counts nothing).
 */
export function subscriberOf(key: IpKey): string {
  return key.version === 4 ? formatIp(4, key.words) : blockText(key, 64);
}

/** The network around the subscriber: the IPv4 /24, or the IPv6 /48 (a site's usual assignment). */
export function prefixOf(key: IpKey): string {
  return blockText(key, key.version === 4 ? 24 : 48);
}

const PRIVATE_RANGES = new Set(['private', 'carrierGradeNat', 'linkLocal', 'uniqueLocal', 'deprecatedSiteLocal']);
// 6to4 and Teredo addresses are tunnelled public clients, routable like any unicast address.
const PUBLIC_RANGES = new Set(['unicast', '6to4', 'teredo']);

export function scopeOf(key: IpKey): IpScope {
  const range = toIpaddr(key.version, key.words).range();
  if (range === 'loopback') return 'loopback';
  if (PRIVATE_RANGES.has(range)) return 'private';
  return PUBLIC_RANGES.has(range) ? 'public' : 'reserved';
}
