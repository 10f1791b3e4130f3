import { parse } from 'tldts';

/** Why a well-formed domain can still hold no mailbox anyone can write to. */
export type SuffixProblem = 'domain_special_use' | 'domain_unknown_tld';

export interface MailSuffix {
  /** Registrable domain per the ICANN public-suffix rules, or null when there is none. */
  registrableDomain: string | null;
  /** The last label, which the problem is about. */
  tld: string;
  problem: SuffixProblem | null;
}

/**
 * Places a lower-case ASCII domain in the public DNS, through tldts: the IANA special-use
 * registry (`.test`, `.invalid`, `.localhost`, `.example`, `example.com`, `.local`, `.onion`,
 * `home.arpa` … and everything under them) and the public suffix list's ICANN section, which
 * holds every delegated top-level domain. Special-use is checked first: `.onion` is in the
 * list, yet no mail server on the Internet delivers to it. A top-level domain outside the
 * ICANN section (`.c`, `.internal`, `.lan`, `.corp`) resolves nowhere, so its mail cannot
 * arrive either; with the MX check off, this is what tells such an address from a real one.
 */
export function mailSuffix(asciiDomain: string): MailSuffix {
  const parsed = parse(asciiDomain, { extractHostname: false, detectSpecialUse: true });
  const tld = asciiDomain.slice(asciiDomain.lastIndexOf('.') + 1);
  const problem = parsed.isSpecialUse === true ? 'domain_special_use' : parsed.isIcann !== true ? 'domain_unknown_tld' : null;
  return { registrableDomain: parsed.domain, tld, problem };
}
