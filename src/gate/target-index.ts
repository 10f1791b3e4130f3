import type { GateCategoryMap } from './categories.js';
import type { TargetHost } from './host.js';
import { inRange, parseGatePattern, type GatePattern } from './pattern.js';

/** What the operator's lists and the category files say about one suffix or address. */
export interface IndexEntry {
  readonly key: string;
  readonly categories: string[];
  allow: boolean;
  deny: boolean;
}

export interface OperatorLists {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

/**
 * Every suffix the category files and operator lists name, in one map. A host is looked up by
 * walking its parent domains from the longest to the TLD; the walk starts at the depth of the
 * deepest listed suffix, so `a.b.c.d.e.example.com` costs as many lookups as the lists have
 * levels, not as the host has labels. It cannot stop at the registrable domain: lists name
 * public suffixes (`gov.uk`, `gov`, `bank`), which sit above it.
 */
export class TargetIndex {
  private readonly names = new Map<string, IndexEntry>();
  private readonly addresses = new Map<string, IndexEntry>();
  /** Address ranges on the operator's lists, narrowest first (few: each is tested in turn). */
  private readonly ranges: Array<{ range: Extract<GatePattern, { kind: 'cidr' }>['range']; entry: IndexEntry }> = [];
  private maxLabels = 1;
  /** `*` on the operator's lists. */
  readonly anyAllow: boolean;
  readonly anyDeny: boolean;

  constructor(categories: GateCategoryMap, lists: OperatorLists) {
    for (const [category, suffixes] of categories) {
      for (const suffix of suffixes) this.entry(suffix).categories.push(category);
    }
    this.anyAllow = this.addList(lists.allow, 'allow');
    this.anyDeny = this.addList(lists.deny, 'deny');
  }

  /** The entries covering a target, most specific first. */
  lookup(target: TargetHost): IndexEntry[] {
    if (target.kind === 'ip') {
      const entry = this.addresses.get(target.host);
      const found = entry ? [entry] : [];
      for (const r of this.ranges) if (inRange(r.range, target.host)) found.push(r.entry);
      return found;
    }
    const host = target.host;
    const found: IndexEntry[] = [];
    let at = 0;
    for (let labels = countLabels(host); labels > this.maxLabels; labels--) at = host.indexOf('.', at) + 1;
    for (;;) {
      const entry = this.names.get(at === 0 ? host : host.slice(at));
      if (entry) found.push(entry);
      const dot = host.indexOf('.', at);
      if (dot < 0) return found;
      at = dot + 1;
    }
  }

  /** Adds a list; answers whether it holds `*`. Patterns were validated with the policy. */
  private addList(patterns: readonly string[], flag: 'allow' | 'deny'): boolean {
    let any = false;
    for (const text of patterns) {
      const pattern = parseGatePattern(text);
      if (!pattern) continue;
      if (pattern.kind === 'any') any = true;
      else if (pattern.kind === 'ip') this.entryIn(this.addresses, pattern.value)[flag] = true;
      else if (pattern.kind === 'cidr') this.rangeEntry(pattern)[flag] = true;
      else this.entry(pattern.value)[flag] = true;
    }
    return any;
  }

  private rangeEntry(pattern: Extract<GatePattern, { kind: 'cidr' }>): IndexEntry {
    let found = this.ranges.find((r) => r.entry.key === pattern.value);
    if (!found) {
      found = { range: pattern.range, entry: { key: pattern.value, categories: [], allow: false, deny: false } };
      this.ranges.push(found);
      this.ranges.sort((a, b) => b.range[1] - a.range[1]);
    }
    return found.entry;
  }

  private entry(suffix: string): IndexEntry {
    this.maxLabels = Math.max(this.maxLabels, countLabels(suffix));
    return this.entryIn(this.names, suffix);
  }

  private entryIn(map: Map<string, IndexEntry>, key: string): IndexEntry {
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = { key, categories: [], allow: false, deny: false }));
    return entry;
  }
}

function countLabels(name: string): number {
  let labels = 1;
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) labels++;
  return labels;
}
