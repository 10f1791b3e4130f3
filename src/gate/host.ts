import ipaddr from 'ipaddr.js';
import { domainToASCII } from 'node:url';

/** A target host in the one spelling the gate compares: lower-case A-labels, or a canonical IP. */
export interface TargetHost {
  readonly kind: 'name' | 'ip';
  /** `www.example.co.uk`, `xn--mnchen-3ya.de`, `192.0.2.1` or `2001:db8::1` (no brackets). */
  readonly host: string;
}

/**
 * Canonicalises a host as a proxy hands it over. Normalisation, in order:
 * 1. `[v6]` brackets are removed and the address must be IPv6; a bare `v6` is accepted too.
 *    IPv4-mapped IPv6 (`::ffff:10.0.0.1`) becomes the IPv4 address it carries.
 * 2. One trailing dot (the DNS root) is dropped.
 * 3. Anything but lower-case LDH labels goes through WHATWG's `domainToASCII`: upper case is
 *    lowered, IDNs become punycode, full-width dots are mapped, `%41` is decoded and IPv4 in
 *    shorthand, octal or hex (`127.1`, `0x7f.0.0.1`) becomes dotted-quad. Resolvers accept those
 *    forms, so refusing them as names would not stop them; reading them as addresses does.
 * 4. Labels are 1–63 characters of `a-z 0-9 - _`, not starting or ending with `-`; the name is at
 *    most 253 characters, and a name whose last label is numeric must be a dotted-quad address.
 * Answers null for anything that is not a host (a `host:port`, spaces, empty labels…).
 */
export function canonicalHost(raw: string): TargetHost | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 1024) return null;
  if (raw.charCodeAt(0) === 91) return raw.endsWith(']') ? ipv6Host(raw.slice(1, -1)) : null;
  if (raw.includes(':')) return ipv6Host(raw);
  const name = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  const fast = scanName(name);
  if (fast === NAME_OK) return { kind: 'name', host: name };
  if (fast === NAME_INVALID) return null;
  const ascii = domainToASCII(name);
  if (ascii === '') return null;
  const mapped = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  const verdict = scanName(mapped);
  if (verdict === NAME_OK) return { kind: 'name', host: mapped };
  return verdict === NAME_NUMERIC && ipaddr.IPv4.isValidFourPartDecimal(mapped) ? { kind: 'ip', host: mapped } : null;
}

const NAME_OK = 0;
/** Needs `domainToASCII`: upper case, non-ASCII, `%`, or a numeric last label. */
const NAME_SLOW = 1;
const NAME_NUMERIC = 2;
const NAME_INVALID = 3;

/** One pass over the characters: the common case (already canonical) costs no allocation. */
function scanName(name: string): number {
  if (name.length === 0 || name.length > 253) return NAME_INVALID;
  let slow = false;
  let labelStart = 0;
  let digitsOnly = true;
  for (let i = 0; i <= name.length; i++) {
    const c = i === name.length ? 46 : name.charCodeAt(i);
    if (c === 46) {
      const length = i - labelStart;
      if (length === 0 || length > 63) return NAME_INVALID;
      if (name.charCodeAt(labelStart) === 45 || name.charCodeAt(i - 1) === 45) return NAME_INVALID;
      if (i < name.length) digitsOnly = true;
      labelStart = i + 1;
    } else if (c >= 48 && c <= 57) {
      continue;
    } else {
      digitsOnly = false;
      if ((c >= 97 && c <= 122) || c === 45 || c === 95) continue;
      if (c > 127 || (c >= 65 && c <= 90) || c === 37) slow = true;
      else return NAME_INVALID;
    }
  }
  if (digitsOnly || lastLabelIsHex(name)) return slow ? NAME_SLOW : NAME_NUMERIC;
  return slow ? NAME_SLOW : NAME_OK;
}

/** WHATWG reads a last label such as `0x7f` as a number, so such a name is an address. */
function lastLabelIsHex(name: string): boolean {
  const dot = name.lastIndexOf('.');
  const c0 = name.charCodeAt(dot + 1);
  const c1 = name.charCodeAt(dot + 2) | 32;
  return c0 === 48 && c1 === 120;
}

function ipv6Host(text: string): TargetHost | null {
  // A zone (`%eth0`) names one of the proxy's own interfaces: dropped, the address stays link-local.
  const zone = text.indexOf('%');
  const bare = zone < 0 ? text : text.slice(0, zone);
  if (!ipaddr.IPv6.isValid(bare)) return null;
  const address = ipaddr.IPv6.parse(bare);
  if (address.isIPv4MappedAddress()) return { kind: 'ip', host: address.toIPv4Address().toString() };
  return { kind: 'ip', host: address.toRFC5952String() };
}

/**
 * Names that resolve inside the operator's own network: RFC 6761/6762/8375 and ICANN's
 * `.internal` (2024), plus the suffixes home routers and corporate resolvers hand out.
 */
const LOCAL_SUFFIXES = new Set(['localhost', 'localdomain', 'local', 'internal', 'intranet', 'lan', 'home', 'corp', 'home.arpa']);

/**
 * Whether a canonical target stays inside the proxy's own networks. Addresses count as public
 * only in ipaddr.js's `unicast` range (IPv6: and in 2000::/3, the only space allocated for
 * global unicast), so loopback, RFC 1918, CGNAT, link-local, multicast, documentation,
 * benchmarking, 6to4, Teredo and NAT64 are all private: each can lead back into a LAN.
 * Single-label names count too: resolvers complete them with the host's search domains.
 */
export function isPrivateTarget(target: TargetHost): boolean {
  if (target.kind === 'ip') {
    const address = ipaddr.parse(target.host);
    if (address.kind() === 'ipv4') return address.range() !== 'unicast';
    const first = (address as ipaddr.IPv6).parts[0]!;
    return address.range() !== 'unicast' || first < 0x2000 || first > 0x3fff;
  }
  const host = target.host;
  if (!host.includes('.')) return true;
  for (let at = 0; at >= 0; at = host.indexOf('.', at) + 1 || -1) {
    if (LOCAL_SUFFIXES.has(at === 0 ? host : host.slice(at))) return true;
  }
  return false;
}
