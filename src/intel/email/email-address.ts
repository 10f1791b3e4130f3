import { VigilError } from '../../core/errors.js';
import { IntelErrors } from '../errors.js';
import { DOMAIN_PROBLEM_MESSAGES, toAsciiDomain, type DomainProblem } from './domain-name.js';
import { mailSuffix, type SuffixProblem } from './mail-suffix.js';

export interface ParsedEmail {
  /** As given, trimmed, with the domain part lower-cased (still Unicode if it was). */
  address: string;
  /** Local part exactly as given. */
  local: string;
  /** Domain in lower-case ASCII (punycode for IDN). */
  domain: string;
  /** Registrable domain per the ICANN public-suffix rules, or null when there is none. */
  registrableDomain: string | null;
  /** One spelling per mailbox, for duplicate detection: see `normalizeMailbox`. */
  normalized: string;
}

export type EmailInvalidReason =
  | 'empty'
  | 'missing_at'
  | 'multiple_at'
  | 'local_quoted'
  | 'empty_local'
  | 'local_too_long'
  | 'local_bad_character'
  | 'local_dot_position'
  | 'local_consecutive_dots'
  | 'too_long'
  | DomainProblem
  | SuffixProblem;

const LOCAL_MESSAGES: Readonly<Record<Exclude<EmailInvalidReason, DomainProblem | SuffixProblem>, string>> = {
  empty: 'the email address is empty',
  missing_at: 'the email address has no @',
  multiple_at: 'the email address has more than one @',
  local_quoted: 'quoted local parts are not accepted',
  empty_local: 'the local part (before the @) is empty',
  local_too_long: 'the local part is longer than 64 characters',
  local_bad_character: 'the local part contains characters that are not allowed',
  local_dot_position: 'the local part starts or ends with a dot',
  local_consecutive_dots: 'the local part has consecutive dots',
  too_long: 'the email address is longer than 254 characters',
};
const SUFFIX_MESSAGES: Readonly<Record<SuffixProblem, (tld: string) => string>> = {
  domain_special_use: () => 'the domain is reserved for special use (RFC 6761 and the IANA registry: .test, .invalid, .localhost, .example, example.com, .local, .onion, home.arpa …) and no mail reaches it',
  domain_unknown_tld: (tld) => `the top-level domain .${tld} does not exist (it is not in the public suffix list), so no mail reaches the domain`,
};

const MESSAGES: Readonly<Record<Exclude<EmailInvalidReason, SuffixProblem>, string>> = { ...LOCAL_MESSAGES, ...DOMAIN_PROBLEM_MESSAGES };

interface MailboxRule {
  /** Domain this one is an alias of, so both spellings normalise alike. */
  canonical?: string;
  /** The provider delivers `a.b.c` and `abc` to one mailbox. */
  ignoresDots?: boolean;
  /** Separator after which the provider ignores a sub-address tag (`me+shop` → `me`). */
  tag?: '+' | '-';
}

/**
 * Providers whose delivery rules make several spellings reach one mailbox. Only documented,
 * long-standing behaviour belongs here: a wrong rule would merge different people's addresses.
 * Microsoft, Apple and Proton domains are separate namespaces (alice@hotmail.com is not
 * alice@outlook.com), so only Google gets a canonical domain. Yahoo's `-` marks its
 * "disposable address" keyword: the base before it is chosen by, and unique to, one account.
 */
export const MAILBOX_PROVIDERS: ReadonlyMap<string, Readonly<MailboxRule>> = new Map<string, MailboxRule>([
  ...group(['gmail.com', 'googlemail.com'], { canonical: 'gmail.com', ignoresDots: true, tag: '+' }),
  ...group(['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'hotmail.co.uk', 'hotmail.fr', 'outlook.fr', 'live.co.uk'], { tag: '+' }),
  ...group(['icloud.com', 'me.com', 'mac.com'], { tag: '+' }),
  ...group(['fastmail.com', 'fastmail.fm'], { tag: '+' }),
  ...group(['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'], { tag: '+' }),
  ...group(['yandex.ru', 'yandex.com', 'yandex.by', 'yandex.kz', 'yandex.ua', 'ya.ru'], { tag: '+' }),
  ...group(['zoho.com', 'zohomail.com'], { tag: '+' }),
  ...group(['yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.es', 'yahoo.it', 'yahoo.ca', 'yahoo.com.au', 'ymail.com', 'rocketmail.com'], { tag: '-' }),
]);

function group(domains: string[], rule: MailboxRule): [string, MailboxRule][] {
  return domains.map((d) => [d, rule]);
}

/**
 * The one spelling of a mailbox: lower-cased whole (every listed provider is
 * case-insensitive and the rest are in practice), then the provider's rule from
 * MAILBOX_PROVIDERS: tag removed, dots removed, canonical domain.
 */
export function normalizeMailbox(local: string, asciiDomain: string): string {
  const rule = MAILBOX_PROVIDERS.get(asciiDomain);
  let name = local.toLowerCase();
  if (rule?.tag) {
    const cut = name.indexOf(rule.tag);
    // `+tag@gmail.com` has no base to fall back to; keep it whole rather than invent `@gmail.com`.
    if (cut > 0) name = name.slice(0, cut);
  }
  if (rule?.ignoresDots) name = name.replaceAll('.', '');
  return `${name}@${rule?.canonical ?? asciiDomain}`;
}

// RFC 5322 atext plus the dot; SMTPUTF8 local parts are deliberately out of scope.
const LOCAL_CHARS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;

/**
 * Parses an address in practical RFC 5321/5322 dot-atom form (no quoted local parts, no
 * comments, no IP literals) on a domain mail can reach: not special-use, on a top-level domain
 * that exists (see `mailSuffix`). Throws INTEL_EMAIL_INVALID whose context names the reason and,
 * for domain problems, the domain — never the address, which is personal data.
 */
export function parseEmail(input: string): ParsedEmail {
  const trimmed = input.trim();
  if (trimmed === '') throw invalid('empty');
  if (trimmed.startsWith('"')) throw invalid('local_quoted');
  const at = trimmed.indexOf('@');
  if (at < 0) throw invalid('missing_at');
  if (trimmed.indexOf('@', at + 1) >= 0) throw invalid('multiple_at');
  const local = trimmed.slice(0, at);
  const rawDomain = trimmed.slice(at + 1).toLowerCase();
  const localReason = localProblem(local);
  if (localReason) throw invalid(localReason);
  const ascii = toAsciiDomain(rawDomain);
  if (!ascii.ok) throw invalid(ascii.problem, rawDomain);
  const domain = ascii.domain;
  if (local.length + 1 + domain.length > 254) throw invalid('too_long', domain);
  const suffix = mailSuffix(domain);
  if (suffix.problem) throw invalidSuffix(suffix.problem, domain, suffix.tld);
  return {
    address: `${local}@${rawDomain}`,
    local,
    domain,
    registrableDomain: suffix.registrableDomain,
    normalized: normalizeMailbox(local, domain),
  };
}

function localProblem(local: string): Exclude<EmailInvalidReason, DomainProblem | SuffixProblem> | null {
  if (local === '') return 'empty_local';
  if (local.length > 64) return 'local_too_long';
  if (!LOCAL_CHARS.test(local)) return 'local_bad_character';
  if (local.startsWith('.') || local.endsWith('.')) return 'local_dot_position';
  if (local.includes('..')) return 'local_consecutive_dots';
  return null;
}

function invalidSuffix(reason: SuffixProblem, domain: string, tld: string): VigilError {
  return new VigilError(IntelErrors.INTEL_EMAIL_INVALID, SUFFIX_MESSAGES[reason](tld), { reason, domain, tld });
}

function invalid(reason: Exclude<EmailInvalidReason, SuffixProblem>, domain?: string): VigilError {
  const context: Record<string, unknown> = { reason };
  // Cap what goes into logs: a hostile "domain" can be arbitrarily long.
  if (domain !== undefined) context.domain = domain.slice(0, 253);
  return new VigilError(IntelErrors.INTEL_EMAIL_INVALID, MESSAGES[reason], context);
}
