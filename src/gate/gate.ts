import type { GateCategoryMap } from './categories.js';
import { allowDecision, denyDecision, type GateDecision } from './decision.js';
import type { GatePolicy } from './gate-policy.js';
import { HostClassifier, type HostInfo } from './host-classifier.js';
import { matchOverrides, type CustomerGateOverride, type CustomerGateOverrides } from './overrides.js';
import { compilePortTable, invalidPortDecision, isPort, PORT_BLOCKED, PORT_NOT_ALLOWED, PORT_OPEN, PORT_VERIFIED_ONLY } from './ports.js';
import { TargetIndex } from './target-index.js';

/** What the gate needs to know about a customer: their entitlements, never personal data. */
export interface GateCustomer {
  readonly id: string;
  readonly status: string;
  /** False when the customer must not be served at all (suspended, offboarded…). */
  readonly service: boolean;
  readonly targetClasses: readonly string[];
}

export interface GateCheckInput {
  /** Undefined when the proxy named a customer Vigil does not know. */
  readonly customer: GateCustomer | undefined;
  readonly host: string;
  readonly port: number;
  readonly overrides?: CustomerGateOverrides;
  /** Epoch ms that temporary rules are measured against; `Date.now()` by default. */
  readonly now?: number;
}

const CUSTOMER_UNKNOWN = denyDecision('customer_unknown', 'The customer is unknown');

/** The proxy target gate: a compiled policy and category lists. Pure and synchronous. */
export class Gate {
  private readonly hosts: HostClassifier;
  private readonly ports: Uint8Array;
  private readonly verifiedStatuses: ReadonlySet<string>;
  private readonly portDecisions = new Map<number, GateDecision>();
  private readonly notServed = new Map<string, GateDecision>();

  constructor(
    readonly policy: GatePolicy,
    categories: GateCategoryMap,
  ) {
    const classesByCategory = new Map<string, string[]>();
    for (const [targetClass, names] of Object.entries(policy.classCategories)) {
      for (const name of names) classesByCategory.set(name, [...(classesByCategory.get(name) ?? []), targetClass]);
    }
    const index = new TargetIndex(categories, policy);
    this.hosts = new HostClassifier(index, { blockedCategories: new Set(policy.blockedCategories), classesByCategory }, policy.hostCacheSize);
    this.ports = compilePortTable(policy.ports);
    this.verifiedStatuses = new Set(policy.ports.verifiedStatuses);
  }

  /**
   * May this customer reach this host and port? The first rule that applies decides:
   *  1. an unreadable host or a port outside 1–65535 → `invalid_target`
   *  2. no such customer → `customer_unknown`; a customer not to be served → `customer_not_served`
   *  3. the customer's temporary block (a deny rule with `until`, `*` or matching) → `temporary_block`
   *  4. a private, loopback or reserved target (`blockPrivateTargets`) → `private_target`
   *  5. the port policy → `port_blocked`, `port_not_allowed`, `port_requires_verification`
   *  6. the customer's allow rule → `customer_allowed`
   *  7. the customer's standing deny rule → `customer_blocked`
   *  8. the operator's deny list → `operator_denied`
   *  9. the operator's allow list → `operator_allowed`
   * 10. a blocked category → `category_blocked`
   * 11. a category whose target class the customer lacks → `class_not_entitled`
   * 12. otherwise → `allowed`
   * Private targets and the port policy come before the customer's allow rules (not after, as a
   * plain "customer first" order would put them). Customer rules name targets, not ports: an
   * allow rule for a domain, or for `*`, must neither turn the proxy into a way into the
   * operator's own network nor reopen SMTP relay (port 25) or hand login, mail and database
   * ports to unverified customers. There is no per-customer port exception; ports change for
   * everyone through `gate.ports`.
   */
  check(input: GateCheckInput): GateDecision {
    const info = this.hosts.classify(input.host);
    if (info.invalid) return info.invalid;
    if (!isPort(input.port)) return invalidPortDecision(String(input.port));
    const customer = input.customer;
    if (customer === undefined) return CUSTOMER_UNKNOWN;
    if (!customer.service) return this.notServedDecision(customer.status);
    const overrides = input.overrides;
    const rules = overrides !== undefined && overrides.length > 0 ? matchOverrides(overrides, info.target!, input.now ?? Date.now()) : null;
    if (rules?.temporary) return ruleDecision(rules.temporary, 'temporary_block');
    if (info.privateTarget && this.policy.blockPrivateTargets) return info.privateTarget;
    const portRule = this.ports[input.port]!;
    if (portRule !== PORT_OPEN && (portRule !== PORT_VERIFIED_ONLY || !this.verifiedStatuses.has(customer.status))) {
      return this.portDecision(input.port, portRule);
    }
    if (rules?.allow) return ruleDecision(rules.allow, 'customer_allowed');
    if (rules?.deny) return ruleDecision(rules.deny, 'customer_blocked');
    return targetDecision(info, customer.targetClasses);
  }

  /** The customer-independent view of a host: categories, lists, and what each would decide. */
  classify(host: string): HostInfo {
    return this.hosts.classify(host);
  }

  /** Hosts currently remembered. */
  get cachedHosts(): number {
    return this.hosts.cached;
  }

  private notServedDecision(status: string): GateDecision {
    let decision = this.notServed.get(status);
    if (!decision) this.notServed.set(status, (decision = denyDecision('customer_not_served', `The customer is not served (status ${status})`)));
    return decision;
  }

  private portDecision(port: number, rule: number): GateDecision {
    const key = port * 4 + rule;
    let decision = this.portDecisions.get(key);
    if (!decision) {
      decision =
        rule === PORT_BLOCKED
          ? denyDecision('port_blocked', `Port ${port} is blocked for every customer`)
          : rule === PORT_NOT_ALLOWED
            ? denyDecision('port_not_allowed', `Port ${port} is not among the ports customers may reach`)
            : denyDecision('port_requires_verification', `Port ${port} is open to verified customers only`);
      this.portDecisions.set(key, decision);
    }
    return decision;
  }
}

function targetDecision(info: HostInfo, classes: readonly string[]): GateDecision {
  if (info.operatorDeny) return info.operatorDeny;
  if (info.operatorAllow) return info.operatorAllow;
  if (info.blocked) return info.blocked;
  for (const need of info.needs) {
    if (!need.classes.some((c) => classes.includes(c))) return need.decision;
  }
  return info.allowed;
}

function ruleDecision(rule: CustomerGateOverride, code: 'temporary_block' | 'customer_allowed' | 'customer_blocked'): GateDecision {
  const what = rule.pattern.trim() === '*' ? 'every target' : rule.pattern;
  const details = { matched: rule.pattern, source: rule.source, ...(rule.until !== null ? { until: rule.until } : {}) };
  if (code === 'customer_allowed') return allowDecision(code, `The customer may reach ${what}: ${rule.reason}`, details);
  if (code === 'customer_blocked') return denyDecision(code, `The customer is blocked from ${what}: ${rule.reason}`, details);
  return denyDecision(code, `The customer is blocked from ${what} until ${new Date(rule.until!).toISOString()}: ${rule.reason}`, details);
}
