import { readIntelFile } from '../read-file.js';
import { getPublicSuffix } from 'tldts';
import { VigilError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { IntelErrors } from '../errors.js';
import { toAsciiDomain } from './domain-name.js';

export interface DisposableCheck {
  /** Listed (itself or a parent) and not allow-listed. */
  disposable: boolean;
  /** The listed domain that matched, even when the allow-list overrides it. */
  matched: string | null;
  allowListed: boolean;
}

export interface DisposableSource {
  file: string;
  domains: number;
  /** Lines that were not plausible domains and were left out. */
  skipped: number;
}

export interface DisposableLoadOptions {
  files: readonly string[];
  /** Domains never reported as disposable; a listed entry also covers its subdomains. */
  allow?: Iterable<string>;
}

/**
 * Union of disposable-domain lists. A listed domain also covers its subdomains
 * (`a.b.mailinator.com`), except when the entry is itself an ICANN public suffix: lists
 * carry entries like `net.ua`, and letting those cover every domain registered under them
 * would flag ordinary companies. Private suffixes (dynamic-DNS zones) do cover their
 * subdomains, since free subdomains with an MX are exactly what throwaway mail uses.
 */
export class DisposableDomains {
  private constructor(
    /** Listed domain → whether it also covers subdomains. */
    private readonly blocked: ReadonlyMap<string, boolean>,
    private readonly allowed: ReadonlySet<string>,
    readonly sources: readonly DisposableSource[],
    readonly dataVer: string,
  ) {}

  /** All-or-nothing, so a failed reload leaves the caller's previous instance in service. */
  static async load(options: DisposableLoadOptions): Promise<DisposableDomains> {
    const blocked = new Map<string, boolean>();
    const sources: DisposableSource[] = [];
    for (const file of options.files) {
      const { domains, skipped } = parseListFile(file, await readIntelFile(file, 'disposable-domain list'));
      for (const d of domains) if (!blocked.has(d)) blocked.set(d, getPublicSuffix(d, { extractHostname: false }) !== d);
      sources.push({ file, domains: domains.length, skipped });
    }
    const allowed = new Set([...(options.allow ?? [])].map(allowEntry));
    return new DisposableDomains(blocked, allowed, sources, dataVersion(blocked.keys(), allowed));
  }

  get size(): number {
    return this.blocked.size;
  }

  check(domain: string): DisposableCheck {
    const name = lookupForm(domain);
    if (name === null) return { disposable: false, matched: null, allowListed: false };
    const matched = this.findBlocked(name);
    const allowListed = findParent(name, (d) => this.allowed.has(d)) !== null;
    return { disposable: matched !== null && !allowListed, matched, allowListed };
  }

  private findBlocked(name: string): string | null {
    return findParent(name, (d) => {
      const coversSubdomains = this.blocked.get(d);
      return coversSubdomains === true || (coversSubdomains === false && d === name);
    });
  }
}

/** The name itself, then each parent with at least two labels, most specific first. */
function findParent(name: string, test: (candidate: string) => boolean): string | null {
  let candidate = name;
  while (candidate.includes('.')) {
    if (test(candidate)) return candidate;
    candidate = candidate.slice(candidate.indexOf('.') + 1);
  }
  return null;
}

function lookupForm(domain: string): string | null {
  const name = domain.trim().toLowerCase().replace(/\.$/, '');
  // Fast path for the common case; IDN and odd input take the full conversion.
  if (/^[a-z0-9.-]+$/.test(name)) return name;
  const ascii = toAsciiDomain(name);
  return ascii.ok ? ascii.domain : null;
}

/** A list line as a domain, or null. Tolerates `*.` / leading-dot wildcards and a trailing dot. */
function listEntry(line: string): string | null {
  const name = line.trim().toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '');
  const ascii = toAsciiDomain(name);
  return ascii.ok ? ascii.domain : null;
}

function allowEntry(entry: string): string {
  const domain = listEntry(entry);
  if (domain === null) {
    throw new VigilError(IntelErrors.INTEL_FILE_MALFORMED, 'an allow-list entry is not a domain', { source: 'allow-list', entry: entry.slice(0, 253) });
  }
  return domain;
}

/** Stray bad lines are skipped and counted; a file that is mostly bad is the wrong file. */
function parseListFile(file: string, bytes: Buffer): { domains: string[]; skipped: number } {
  if (bytes.includes(0)) throw malformed(file, 'is binary, not a text list');
  const domains: string[] = [];
  let skipped = 0;
  for (const raw of bytes.toString('utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const domain = listEntry(line);
    if (domain === null) skipped += 1;
    else domains.push(domain);
  }
  if (domains.length === 0) throw malformed(file, 'contains no domains');
  if (skipped > domains.length) throw malformed(file, `has more invalid lines (${skipped}) than domains (${domains.length})`);
  return { domains, skipped };
}

function malformed(file: string, problem: string): VigilError {
  return new VigilError(IntelErrors.INTEL_FILE_MALFORMED, `disposable-domain list ${file} ${problem}`, { file });
}

function dataVersion(blocked: Iterable<string>, allowed: ReadonlySet<string>): string {
  // The allow-list changes verdicts, so it is part of the version; without one this is the union's hash.
  const allowPart = allowed.size ? `\n#allow\n${[...allowed].sort().join('\n')}` : '';
  return `email:${sha256Hex([...blocked].sort().join('\n') + allowPart).slice(0, 16)}`;
}
