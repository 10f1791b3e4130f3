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

/** The block of `prefix` bits holding the address. */
export function blockOf(version: 4 | 6, words: readonly number[], prefix: number): IpBlock {
  const first = words.map((w, i) => maskWord(w, i, prefix, false));
  const last = words.map((w, i) => maskWord(w, i, prefix, true));
  return { first: { version, words: first }, last: { version, words: last } };
}

function parsePrefix(text: string, bits: number): number {
  let prefix = 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || i > 2) return -1;
    prefix = prefix * 10 + d;
  }
  return text.length > 0 && prefix <= bits ? prefix : -1;
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
