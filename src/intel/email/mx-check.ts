import { Resolver } from 'node:dns/promises';
import { toAsciiDomain } from './domain-name.js';

export type MxStatus = 'has_mx' | 'no_mx' | 'no_domain' | 'timeout' | 'error';

export interface MxResult {
  status: MxStatus;
  /** Mail hosts by preference; the domain itself when it only has an implicit MX. */
  hosts: string[];
}

export interface MxCheckerOptions {
  /** DNS servers as `host` or `host:port`; the system's when absent. */
  servers?: string[];
  /** Upper bound for the whole check, fallback lookups included. */
  timeoutMs: number;
}

type Lookup<T> = { ok: true; value: T } | { ok: false; code: string };

/** Asks DNS whether a domain can receive mail. Never throws: every failure is a status. */
export class MxChecker {
  constructor(private readonly options: MxCheckerOptions) {
    // setServers throws on a malformed list: let that surface at start-up, not per check.
    newResolver(options);
  }

  async check(domain: string): Promise<MxResult> {
    const ascii = toAsciiDomain(domain.trim().toLowerCase().replace(/\.$/, ''));
    if (!ascii.ok) return { status: 'error', hosts: [] };
    // One resolver per check, so cancelling on expiry cannot abort anyone else's queries.
    const resolver = newResolver(this.options);
    let timer: NodeJS.Timeout | undefined;
    // c-ares' timeout is per query, and a check may make three queries to several servers;
    // only this timer bounds the whole check.
    const expiry = new Promise<MxResult>((resolve) => {
      timer = setTimeout(() => {
        resolver.cancel();
        resolve({ status: 'timeout', hosts: [] });
      }, this.options.timeoutMs);
    });
    try {
      return await Promise.race([lookupMail(resolver, ascii.domain), expiry]);
    } catch {
      return { status: 'error', hosts: [] };
    } finally {
      clearTimeout(timer);
    }
  }
}

function newResolver(options: MxCheckerOptions): Resolver {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.servers) resolver.setServers(options.servers);
  return resolver;
}

async function lookupMail(resolver: Resolver, domain: string): Promise<MxResult> {
  const mx = await settle(resolver.resolveMx(domain));
  if (mx.ok) return fromMx(mx.value);
  if (mx.code !== 'ENODATA') return failure(mx.code);
  return implicitMx(resolver, domain);
}

/**
 * RFC 7505: a null MX (exchange ".") says the domain takes no mail, and forbids falling back
 * to its address records. A null MX mixed with real ones is a misconfiguration; the real
 * hosts win, since that is where senders will deliver.
 */
function fromMx(records: { exchange: string; priority: number }[]): MxResult {
  const real = records.filter((r) => r.exchange !== '' && r.exchange !== '.');
  if (real.length === 0) return { status: 'no_mx', hosts: [] };
  const sorted = real.sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
  return { status: 'has_mx', hosts: [...new Set(sorted.map((r) => r.exchange.toLowerCase()))] };
}

/** RFC 5321 §5.1: with no MX at all, the domain's own A/AAAA address is the mail host. */
async function implicitMx(resolver: Resolver, domain: string): Promise<MxResult> {
  const lookups = await Promise.all([settle(resolver.resolve4(domain)), settle(resolver.resolve6(domain))]);
  if (lookups.some((l) => l.ok && l.value.length > 0)) return { status: 'has_mx', hosts: [domain] };
  const codes = lookups.flatMap((l) => (l.ok ? [] : [l.code]));
  const worst = codes.find((c) => c !== 'ENODATA');
  return worst ? failure(worst) : { status: 'no_mx', hosts: [] };
}

function failure(code: string): MxResult {
  if (code === 'ENOTFOUND') return { status: 'no_domain', hosts: [] };
  if (code === 'ETIMEOUT' || code === 'ECANCELLED') return { status: 'timeout', hosts: [] };
  return { status: 'error', hosts: [] };
}

async function settle<T>(query: Promise<T>): Promise<Lookup<T>> {
  try {
    return { ok: true, value: await query };
  } catch (err) {
    return { ok: false, code: (err as NodeJS.ErrnoException).code ?? 'UNKNOWN' };
  }
}
