import type { TargetHost } from './host.js';
import { parseGatePattern, patternMatches, specificity, type GatePattern } from './pattern.js';

/** A rule for one customer, as the service loads it from storage. */
export interface CustomerGateOverride {
  /** A domain suffix, an IP address, an address range, or `*` for every target (see `parseGatePattern`). */
  readonly pattern: string;
  readonly effect: 'allow' | 'deny';
  /** Epoch ms after which the rule no longer applies; null for a standing rule. */
  readonly until: number | null;
  readonly reason: string;
  /** Who set it: `operator`, `monitoring:proxy_ddos`… */
  readonly source: string;
}

export type CustomerGateOverrides = readonly CustomerGateOverride[];

/** The rules that apply to one check, the most specific of each kind. */
export interface OverrideMatch {
  /** A deny rule with an end: monitoring's brake, which even the customer's allow rules yield to. */
  readonly temporary: CustomerGateOverride | null;
  readonly allow: CustomerGateOverride | null;
  /** A standing deny rule. */
  readonly deny: CustomerGateOverride | null;
}

interface CompiledRule {
  readonly pattern: GatePattern;
  readonly weight: number;
  readonly rule: CustomerGateOverride;
}

// Keyed by the list itself: a service that keeps each customer's list reuses its compiled form.
const compiled = new WeakMap<CustomerGateOverrides, readonly CompiledRule[]>();

/** Rules whose pattern is not a target (bad data) are skipped: they can never match. */
function compile(overrides: CustomerGateOverrides): readonly CompiledRule[] {
  let rules = compiled.get(overrides);
  if (!rules) {
    rules = overrides.flatMap((rule) => {
      const pattern = parseGatePattern(rule.pattern);
      return pattern ? [{ pattern, weight: specificity(pattern), rule }] : [];
    });
    compiled.set(overrides, rules);
  }
  return rules;
}

/** The live rules matching a target at `now`, or null when none does. */
export function matchOverrides(overrides: CustomerGateOverrides, target: TargetHost, now: number): OverrideMatch | null {
  let temporary: CompiledRule | null = null;
  let allow: CompiledRule | null = null;
  let deny: CompiledRule | null = null;
  for (const candidate of compile(overrides)) {
    const { rule } = candidate;
    if ((rule.until !== null && rule.until <= now) || !patternMatches(candidate.pattern, target)) continue;
    if (rule.effect === 'allow') allow = closer(allow, candidate);
    else if (rule.until !== null) temporary = closer(temporary, candidate);
    else deny = closer(deny, candidate);
  }
  if (!temporary && !allow && !deny) return null;
  return { temporary: temporary?.rule ?? null, allow: allow?.rule ?? null, deny: deny?.rule ?? null };
}

function closer(current: CompiledRule | null, candidate: CompiledRule): CompiledRule {
  return current === null || candidate.weight > current.weight ? candidate : current;
}
