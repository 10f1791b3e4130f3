import ipaddr from 'ipaddr.js';
import { VigilError } from '../core/errors.js';
import { GateErrors } from './errors.js';
import { canonicalHost, type TargetHost } from './host.js';

/** The target a rule names. */
export type GatePattern =
  | { readonly kind: 'any'; readonly value: '*' }
  | { readonly kind: 'ip'; readonly value: string }
  /** An address range in CIDR notation (`203.0.113.0/24`, `2001:db8::/32`), canonical network address. */
  | { readonly kind: 'cidr'; readonly value: string; readonly range: readonly [ipaddr.IPv4 | ipaddr.IPv6, number] }
  | { readonly kind: 'name'; readonly value: string };

const ANY: GatePattern = Object.freeze({ kind: 'any', value: '*' });

/**
 * Reads a rule's target: `*` (every target), an IP address (that address only), an address range
 * in CIDR notation (every address in it; host bits must be zero) or a domain suffix, canonicalised as hosts are (see `canonicalHost`). `example.co.uk`, `.example.co.uk`
 * and `*.example.co.uk` all mean the domain and every name under it, as Squid's
 * `dstdomain .example.co.uk` does. Matching is label-aligned, so that pattern covers
 * `a.b.example.co.uk` but never `co.uk` or `badexample.co.uk`; a pattern that is a public
 * suffix (`gov.uk`, `gov`) covers every registration under it, which is what category files
 * want. Answers null for anything else.
 */
export function parseGatePattern(text: string): GatePattern | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (trimmed === '*') return ANY;
  if (trimmed.includes('/')) return parseRange(trimmed);
  const bare = trimmed.startsWith('*.') ? trimmed.slice(2) : trimmed.startsWith('.') ? trimmed.slice(1) : trimmed;
  const target = canonicalHost(bare);
  if (!target) return null;
  if (target.kind === 'ip') return { kind: 'ip', value: target.host };
  return { kind: 'name', value: target.host };
}

function parseRange(text: string): GatePattern | null {
  if (!ipaddr.isValidCIDR(text)) return null;
  const [address, bits] = ipaddr.parseCIDR(text);
  // 10.0.0.1/8 is most likely a typo for an address or a range: refuse rather than guess.
  const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (network.toString() !== address.toString()) return null;
  return { kind: 'cidr', value: `${address.toString()}/${bits}`, range: [address, bits] };
}

/** Whether an address (canonical, as `canonicalHost` gives it) lies in a range. */
export function inRange(range: readonly [ipaddr.IPv4 | ipaddr.IPv6, number], host: string): boolean {
  const address = ipaddr.parse(host);
  return address.kind() === range[0].kind() && address.match(range as [ipaddr.IPv4 | ipaddr.IPv6, number]);
}

/** As `parseGatePattern`, throwing GATE_PATTERN_INVALID: for rules typed by people. */
export function requireGatePattern(text: string): GatePattern {
  const pattern = parseGatePattern(text);
  if (pattern) return pattern;
  const shown = String(text).slice(0, 100);
  throw new VigilError(GateErrors.GATE_PATTERN_INVALID, `"${shown}" is not a domain suffix, an IP address, an address range (CIDR) or *`, { pattern: shown });
}

/** Whether `suffix` is `host` or one of its parent domains, on a label boundary. */
export function coversName(suffix: string, host: string): boolean {
  const extra = host.length - suffix.length;
  if (extra === 0) return host === suffix;
  return extra > 0 && host.charCodeAt(extra - 1) === 46 && host.endsWith(suffix);
}

/** Addresses match only themselves: `2.3.4` must never cover `1.2.3.4` as a suffix would. */
export function patternMatches(pattern: GatePattern, target: TargetHost): boolean {
  if (pattern.kind === 'any') return true;
  if (pattern.kind === 'ip') return target.kind === 'ip' && target.host === pattern.value;
  if (pattern.kind === 'cidr') return target.kind === 'ip' && inRange(pattern.range, target.host);
  return target.kind === 'name' && coversName(pattern.value, target.host);
}

/** How specific a pattern is, to report the closest of several matching rules. */
export function specificity(pattern: GatePattern): number {
  if (pattern.kind === 'cidr') return 500 + pattern.range[1];
  return pattern.kind === 'any' ? 0 : pattern.kind === 'ip' ? 1000 : pattern.value.length + 1;
}
