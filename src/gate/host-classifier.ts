import { allowDecision, denyDecision, type GateDecision } from './decision.js';
import { canonicalHost, isPrivateTarget, type TargetHost } from './host.js';
import type { IndexEntry, TargetIndex } from './target-index.js';

/** The category every IP-literal target is in: block it or tie it to a class like any other. */
export const IP_LITERAL_CATEGORY = 'ip_literal';

export interface CategoryHit {
  readonly category: string;
  /** The listed suffix that put the host in the category. */
  readonly matched: string;
}

export interface ClassNeed {
  /** Any one of these target classes lets the customer through. */
  readonly classes: readonly string[];
  readonly decision: GateDecision;
}

/**
 * Everything about a host that does not depend on the customer, with the decision each rule
 * would give already built: a cache hit then costs no allocation.
 */
export interface HostInfo {
  readonly target: TargetHost | null;
  readonly invalid: GateDecision | null;
  /** Set when the target is private, whether or not the policy blocks private targets. */
  readonly privateTarget: GateDecision | null;
  readonly operatorDeny: GateDecision | null;
  readonly operatorAllow: GateDecision | null;
  readonly blocked: GateDecision | null;
  readonly needs: readonly ClassNeed[];
  readonly allowed: GateDecision;
  /** Categories the host is in, most specific first. */
  readonly categories: readonly CategoryHit[];
}

export interface ClassifierRules {
  readonly blockedCategories: ReadonlySet<string>;
  readonly classesByCategory: ReadonlyMap<string, readonly string[]>;
}

/**
 * Classifies hosts and remembers the answer per host string as received: proxies ask about the
 * same hosts over and over. The memory is two generations of at most half the capacity each;
 * when the young one fills it becomes the old one and the previous old one is dropped, and a
 * host found only in the old generation moves back to the young one. Hot hosts thus stay, at
 * O(1) per call. (Evicting a Map's oldest entry one at a time looks cheaper but is not: V8's
 * iterator walks over the deleted slots at the front, so each eviction gets slower.)
 */
export class HostClassifier {
  private young = new Map<string, HostInfo>();
  private old = new Map<string, HostInfo>();
  private readonly generation: number;

  constructor(
    private readonly index: TargetIndex,
    private readonly rules: ClassifierRules,
    capacity: number,
  ) {
    this.generation = capacity > 0 ? Math.max(1, Math.floor(capacity / 2)) : 0;
  }

  /** Entries held, a host counted twice while it is in both generations. */
  get cached(): number {
    return this.young.size + this.old.size;
  }

  classify(raw: string): HostInfo {
    const known = this.young.get(raw);
    if (known !== undefined) return known;
    const info = this.old.get(raw) ?? this.build(raw);
    if (this.generation > 0) {
      if (this.young.size >= this.generation) {
        this.old = this.young;
        this.young = new Map();
      }
      this.young.set(raw, info);
    }
    return info;
  }

  private build(raw: string): HostInfo {
    const target = canonicalHost(raw);
    if (!target) return invalidHost(raw);
    const entries = this.index.lookup(target);
    const categories = categoryHits(entries, target);
    const host = target.host;
    const blockedHit = categories.find((hit) => this.rules.blockedCategories.has(hit.category));
    return {
      target,
      invalid: null,
      privateTarget: isPrivateTarget(target) ? denyDecision('private_target', privateReason(target), { matched: host }) : null,
      operatorDeny: this.listDecision(entries, 'deny', host),
      operatorAllow: this.listDecision(entries, 'allow', host),
      blocked: blockedHit ? denyDecision('category_blocked', `${host} is in the blocked category ${blockedHit.category} (${blockedHit.matched})`, blockedHit) : null,
      needs: blockedHit ? [] : this.needs(host, categories),
      allowed: allowDecision('allowed', categories.length > 0 ? `${host} is allowed (category ${categories[0]!.category})` : `${host} is allowed`, categories[0]),
      categories,
    };
  }

  private listDecision(entries: readonly IndexEntry[], flag: 'allow' | 'deny', host: string): GateDecision | null {
    const entry = entries.find((e) => e[flag]);
    const matched = entry ? entry.key : (flag === 'allow' ? this.index.anyAllow : this.index.anyDeny) ? '*' : null;
    if (matched === null) return null;
    const reason = `${host} is on the operator's ${flag} list (${matched})`;
    return flag === 'allow' ? allowDecision('operator_allowed', reason, { matched }) : denyDecision('operator_denied', reason, { matched });
  }

  private needs(host: string, categories: readonly CategoryHit[]): ClassNeed[] {
    const out: ClassNeed[] = [];
    for (const hit of categories) {
      const classes = this.rules.classesByCategory.get(hit.category);
      if (!classes) continue;
      const reason = `${host} is in category ${hit.category} (${hit.matched}), which needs target class ${classes.join(' or ')}`;
      out.push({ classes, decision: denyDecision('class_not_entitled', reason, hit) });
    }
    return out;
  }
}

/** A host is in every category that lists it or any parent domain; the closest listing names it. */
function categoryHits(entries: readonly IndexEntry[], target: TargetHost): CategoryHit[] {
  const hits: CategoryHit[] = [];
  for (const entry of entries) {
    for (const category of entry.categories) {
      if (!hits.some((hit) => hit.category === category)) hits.push({ category, matched: entry.key });
    }
  }
  if (target.kind === 'ip') hits.push({ category: IP_LITERAL_CATEGORY, matched: target.host });
  return hits;
}

function privateReason(target: TargetHost): string {
  return target.kind === 'ip' ? `${target.host} is a private, loopback or reserved address` : `${target.host} is a local network name`;
}

function invalidHost(raw: string): HostInfo {
  const shown = JSON.stringify(String(raw).slice(0, 100));
  const invalid = denyDecision('invalid_target', `${shown} is not a valid host name or IP address`);
  return { target: null, invalid, privateTarget: null, operatorDeny: null, operatorAllow: null, blocked: null, needs: [], allowed: invalid, categories: [] };
}
