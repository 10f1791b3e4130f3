import ipaddr from 'ipaddr.js';
import { VigilError } from '../../core/errors.js';
import { IntelErrors } from '../errors.js';

/**
 * An address as unsigned 32-bit words, most significant first: one word for IPv4, four for
 * IPv6. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are IPv4 keys, so lists of IPv4 ranges
 * apply to clients seen through dual-stack sockets.
 */
export interface IpKey {
  readonly version: 4 | 6;
  readonly words: readonly number[];
}

export interface IpBlock {
  readonly first: IpKey;
  readonly last: IpKey;
}

export type IpScope = 'public' | 'private' | 'loopback' | 'reserved';

const ALL_ONES = 0xffffffff;

/**
 * Strict dotted-quad IPv4. Shorthand (`1.1`), integer (`3232235777`), hex and leading-zero forms
 * are refused: parsers disagree on them (`010` is octal 8 to some), so they are evasion tricks.
 */
export function parseIpv4(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9 || (digits > 0 && octet === 0)) return -1;
    octet = octet * 10 + d;
    if (++digits > 3 || octet > 255) return -1;
  }
  return digits === 0 || dots !== 3 ? -1 : value * 256 + octet;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

// Range files hold hundreds of thousands of addresses: one pass over the characters, no regex.
const groups: number[] = [0, 0, 0, 0, 0, 0, 0, 0];

/** Reads 16-bit groups into `groups`; answers their count and where `::` stood, or null. */
function readGroups(text: string, end: number): { count: number; gap: number } | null {
  let count = 0;
  let gap = -1;
  let i = 0;
  if (text.startsWith('::')) {
    gap = 0;
    i = 2;
  }
  while (i < end) {
    let value = 0;
    let j = i;
    for (let h = hexValue(text.charCodeAt(j)); j < end && h >= 0; h = hexValue(text.charCodeAt(++j))) value = value * 16 + h;
    if (j < end && text.charCodeAt(j) === 46) {
      const v4 = count <= 6 ? parseIpv4(text.slice(i, end)) : -1;
      if (v4 < 0) return null;
      groups[count++] = Math.floor(v4 / 65536);
      groups[count++] = v4 % 65536;
      break;
    }
    if (j === i || j - i > 4 || count === 8) return null;
    groups[count++] = value;
    if (j === end) break;
    if (text.charCodeAt(j) !== 58 || j + 1 === end) return null;
    if (text.charCodeAt(j + 1) === 58) {
      if (gap >= 0) return null;
      gap = count;
      j++;
    }
    i = j + 1;
  }
  return { count, gap };
}

/** IPv6 text to four words, or null. A zone id (`%eth0`) names a local interface and is dropped. */
export function parseIpv6(text: string): number[] | null {
  const zone = text.indexOf('%');
  const read = readGroups(text, zone < 0 ? text.length : zone);
  if (!read || (read.gap < 0 ? read.count !== 8 : read.count > 7)) return null;
  const { count, gap } = read;
  const zeros = 8 - count;
  const words = [0, 0, 0, 0];
  for (let k = 0; k < 8; k++) {
    const group = gap < 0 || k < gap ? groups[k]! : k < gap + zeros ? 0 : groups[k - zeros]!;
    words[k >> 1] = words[k >> 1]! * 65536 + group;
  }
  return words;
}

function isMapped(words: readonly number[]): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
}

export function parseIp(text: string): IpKey | null {
  if (!text.includes(':')) {
    const v4 = parseIpv4(text);
    return v4 < 0 ? null : { version: 4, words: [v4] };
  }
  const words = parseIpv6(text);
  if (!words) return null;
  return isMapped(words) ? { version: 4, words: [words[3]!] } : { version: 6, words };
}

/** Parses user input, trimming the spaces that `X-Forwarded-For` lists carry. */
export function requireIp(value: string): IpKey {
  const key = typeof value === 'string' ? parseIp(value.trim()) : null;
  if (key) return key;
  const shown = String(value).slice(0, 64);
  throw new VigilError(IntelErrors.INTEL_IP_INVALID, `"${shown}" is not an IPv4 or IPv6 address`, { value: shown });
}

function maskWord(word: number, index: number, prefix: number, fillOnes: boolean): number {
  const keep = Math.min(32, Math.max(0, prefix - 32 * index));
  const mask = keep === 0 ? 0 : (ALL_ONES << (32 - keep)) >>> 0;
  return fillOnes ? (word | ~mask) >>> 0 : (word & mask) >>> 0;
}

function blockOf(version: 4 | 6, words: readonly number[], prefix: number): IpBlock {
  const first = words.map((w, i) => maskWord(w, i, prefix, false));
  const last = words.map((w, i) => maskWord(w, i, prefix, true));
  return { first: { version, words: first }, last: { version, words: last } };
}

function parsePrefix(text: string, bits: number): number {
  return /^\d{1,3}$/.test(text) && Number(text) <= bits ? Number(text) : -1;
}

/**
 * Writes an IPv4 CIDR's or bare address's first and last address to `out`; false when `text`
 * is neither. Range files are mostly IPv4, so this path builds no objects.
 */
export function parseIpv4Cidr(text: string, out: number[]): boolean {
  const slash = text.indexOf('/');
  const address = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  const prefix = slash < 0 ? 32 : parsePrefix(text.slice(slash + 1), 32);
  if (address < 0 || prefix < 0) return false;
  out[0] = maskWord(address, 0, prefix, false);
  out[1] = maskWord(address, 0, prefix, true);
  return true;
}

/** A CIDR or a bare address. Host bits after the prefix are cleared, as routers would. */
export function parseCidr(text: string): IpBlock | null {
  if (!text.includes(':')) {
    const bounds = [0, 0];
    return parseIpv4Cidr(text, bounds) ? { first: { version: 4, words: [bounds[0]!] }, last: { version: 4, words: [bounds[1]!] } } : null;
  }
  const slash = text.indexOf('/');
  const words = parseIpv6(slash < 0 ? text : text.slice(0, slash));
  const prefix = slash < 0 ? 128 : parsePrefix(text.slice(slash + 1), 128);
  if (!words || prefix < 0) return null;
  return isMapped(words) && prefix >= 96 ? blockOf(4, [words[3]!], prefix - 96) : blockOf(6, words, prefix);
}

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

/** The /24 (IPv4) or /64 (IPv6) holding the address: one subscriber's usual allocation. */
export function prefixOf(key: IpKey): string {
  const prefix = key.version === 4 ? 24 : 64;
  return `${formatIp(key.version, blockOf(key.version, key.words, prefix).first.words)}/${prefix}`;
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
