import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

/** Why a string is not a usable mail domain; shared by address parsing and list loading. */
export type DomainProblem =
  | 'domain_empty'
  | 'domain_ip_literal'
  | 'domain_bad_character'
  | 'domain_empty_label'
  | 'domain_no_dot'
  | 'domain_label_too_long'
  | 'domain_label_hyphen'
  | 'domain_numeric_tld'
  | 'domain_too_long';

export const DOMAIN_PROBLEM_MESSAGES: Readonly<Record<DomainProblem, string>> = {
  domain_empty: 'the domain is empty',
  domain_ip_literal: 'IP-address domains are not accepted',
  domain_bad_character: 'the domain contains characters that are not allowed in a host name',
  domain_empty_label: 'the domain has a leading, trailing or doubled dot',
  domain_no_dot: 'the domain has no dot',
  domain_label_too_long: 'a domain label is longer than 63 characters',
  domain_label_hyphen: 'a domain label starts or ends with a hyphen',
  domain_numeric_tld: 'the top-level domain is numeric',
  domain_too_long: 'the domain is longer than 253 characters',
};

export type AsciiDomain = { ok: true; domain: string } | { ok: false; problem: DomainProblem };

// Bounds the work domainToASCII does on hostile input; no valid domain comes near it.
const MAX_INPUT = 1024;
const LDH_LABEL = /^[a-z0-9-]+$/;
const NUMERIC_TLD = /(^|\.)[0-9]+\.?$/;
/**
 * ASCII other than letters, digits, hyphen and dot. WHATWG host parsing reads a domain as part of
 * a URL: it would stop at a slash, `?` or backslash and decode `%41`, so `a@example.com/x` would pass as
 * example.com. Non-ASCII (an internationalised domain) goes on to domainToASCII.
 */
// eslint-disable-next-line no-control-regex -- control characters are among those refused
const ASCII_NON_LDH = /[\x00-\x2c\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/;

/**
 * Converts a domain (Unicode or ASCII, any case) to its lower-case ASCII form and checks
 * host-name rules. IP addresses are refused outright: WHATWG host parsing would otherwise
 * turn forms like `0x7f.1` into `127.0.0.1`, so they are checked before and after.
 */
export function toAsciiDomain(input: string): AsciiDomain {
  if (input.length === 0) return { ok: false, problem: 'domain_empty' };
  if (input.length > MAX_INPUT) return { ok: false, problem: 'domain_too_long' };
  if (input.startsWith('[') || isIP(input)) return { ok: false, problem: 'domain_ip_literal' };
  if (ASCII_NON_LDH.test(input)) return { ok: false, problem: 'domain_bad_character' };
  const ascii = domainToASCII(input);
  // WHATWG refuses any host ending in a number that is not an IPv4 address; say so specifically.
  if (ascii === '') return { ok: false, problem: NUMERIC_TLD.test(input) ? 'domain_numeric_tld' : 'domain_bad_character' };
  if (isIP(ascii)) return { ok: false, problem: 'domain_ip_literal' };
  const problem = labelProblem(ascii);
  return problem ? { ok: false, problem } : { ok: true, domain: ascii };
}

function labelProblem(ascii: string): DomainProblem | null {
  const labels = ascii.split('.');
  if (labels.some((l) => l === '')) return 'domain_empty_label';
  if (labels.length < 2) return 'domain_no_dot';
  for (const label of labels) {
    // WHATWG hosts allow `_` and the like; mail host names are letters, digits and hyphens only.
    if (!LDH_LABEL.test(label)) return 'domain_bad_character';
    if (label.length > 63) return 'domain_label_too_long';
    if (label.startsWith('-') || label.endsWith('-')) return 'domain_label_hyphen';
  }
  if (ascii.length > 253) return 'domain_too_long';
  return null;
}
