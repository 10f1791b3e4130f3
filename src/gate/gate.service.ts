import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database, Executor } from '../db/executor.js';
import type { Customer } from '../customers/customer.js';
import { CustomerErrors } from '../customers/errors.js';
import type { Policy } from '../policy/policy.js';
import { loadGateCategories, type GateCategories } from './categories.js';
import type { GateDecision } from './decision.js';
import { GateErrors } from './errors.js';
import { Gate, type GateCustomer } from './gate.js';
import type { CustomerGateOverride } from './overrides.js';
import * as store from './overrides.store.js';
import { requireGatePattern } from './pattern.js';

/** What the gate reads about customers, kept narrow so the gate never sees personal data. */
export interface GateCustomerSource {
  customer(db: Executor, id: string): Promise<Customer | undefined>;
  /** The customer's entitlements under the policy (status, risk limits). */
  entitlements(customer: Customer, policy: Policy): { service: boolean; targetClasses: readonly string[] };
}

interface Known {
  customer: GateCustomer | undefined;
  overrides: CustomerGateOverride[];
  until: number;
}

const MAX_CACHED = 200_000;

/**
 * The proxy target gate as a service: the compiled gate for the running policy and category
 * files, and each customer's entitlements and rules cached for `cacheTtlMs`, so a warm check is
 * synchronous and touches no store. Changes made on this node take effect at once; made on
 * another node, at the next look at the audit log (`watch`, every second in a server) or at the
 * latest when the cache entry expires. Rebuilt whole when the policy changes.
 */
export class GateService {
  private compiled: { gate: Gate; categories: GateCategories; policyVer: string } | null = null;
  private loading: Promise<void> | null = null;
  private readonly known = new Map<string, Known>();
  /** The audit entry `watch` has read up to; null until it first looks. */
  private auditSeq: number | null = null;
  private watchTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly source: GateCustomerSource,
    /** The running policy and its version (the same object until the policy changes: read on every check). */
    private readonly policy: () => { readonly policy: Policy; readonly version: string },
    private readonly cacheTtlMs: number,
  ) {}

  /** Loads categories and compiles the gate for the running policy (again when it changed). */
  async ready(): Promise<Gate> {
    const { policy, version } = this.policy();
    if (this.compiled?.policyVer === version) return this.compiled.gate;
    this.loading ??= (async () => {
      const categories = await loadGateCategories({ ...(policy.gate.categoryFiles ? { files: policy.gate.categoryFiles } : {}) });
      this.compiled = { gate: new Gate(policy.gate, categories.categories), categories, policyVer: version };
      this.known.clear();
    })().finally(() => (this.loading = null));
    await this.loading;
    return this.compiled!.gate;
  }

  /** The category files' fingerprint, for answers that name their data. */
  get dataVer(): string | null {
    return this.compiled?.categories.dataVer ?? null;
  }

  /** May the customer reach host:port? Synchronous when the gate and customer are warm. */
  check(customerId: string, host: string, port: number): GateDecision | Promise<GateDecision> {
    const now = this.clock.now().getTime();
    const gate = this.compiled?.policyVer === this.policy().version ? this.compiled.gate : null;
    const known = this.known.get(customerId);
    if (gate && known && known.until > now) return gate.check({ customer: known.customer, host, port, overrides: known.overrides, now });
    return this.checkCold(customerId, host, port);
  }

  private async checkCold(customerId: string, host: string, port: number): Promise<GateDecision> {
    const gate = await this.ready();
    const known = await this.load(customerId);
    return gate.check({ customer: known.customer, host, port, overrides: known.overrides, now: this.clock.now().getTime() });
  }

  private async load(customerId: string): Promise<Known> {
    const now = this.clock.now();
    const customer = await this.source.customer(this.database.db, customerId);
    const policy = this.policy().policy;
    const gateCustomer = customer ? { id: customer.id, status: customer.status, ...this.source.entitlements(customer, policy) } : undefined;
    const rows = customer ? await store.active(this.database.db, customerId, now.toISOString()) : [];
    const overrides = rows.map((r) => ({ pattern: r.pattern, effect: r.effect, until: r.until ? Date.parse(r.until) : null, reason: r.reason, source: r.source }));
    const known = { customer: gateCustomer, overrides, until: now.getTime() + this.cacheTtlMs };
    if (this.known.size >= MAX_CACHED) this.known.clear();
    this.known.set(customerId, known);
    return known;
  }

  /**
   * Forgets the cached customers that any node changed since the last look. Every change to a
   * customer's status, risk level or gate rules is audited under `customer:<id>`; the feed links
   * every committed record onto the chain before it reads, in sequence order, so reading on from
   * the last entry seen misses none.
   */
  async watch(): Promise<void> {
    if (this.auditSeq === null) {
      this.auditSeq = (await this.audit.head(this.database.db)).seq;
      // What was loaded before that read may predate a change the feed will not show.
      this.known.clear();
      return;
    }
    for (;;) {
      const rows = await this.audit.changedSubjects(this.database.db, this.auditSeq, 5000);
      for (const r of rows) if (r.subject.startsWith('customer:')) this.known.delete(r.subject.slice('customer:'.length));
      if (rows.length > 0) this.auditSeq = rows[rows.length - 1]!.seq;
      if (rows.length < 5000) return;
    }
  }

  startWatching(intervalMs: number, onError: (err: unknown) => void): void {
    if (this.watchTimer) return;
    // A look still paging through the log when the next is due is not overlapped.
    let running: Promise<void> | null = null;
    const tick = () => void (running ??= this.watch().catch(onError).finally(() => (running = null)));
    tick();
    this.watchTimer = setInterval(tick, intervalMs);
    this.watchTimer.unref();
  }

  stopWatching(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }

  /** Forget what is cached about a customer (their status or rules changed on this node). */
  invalidate(customerId: string): void {
    this.known.delete(customerId);
  }

  /** Adds a rule for a customer: an operator's, or monitoring's temporary block (`source` names the rule). */
  async addRule(trx: Executor, customerId: string, input: { pattern: string; effect: 'allow' | 'deny'; hours?: number | undefined; reason: string; source?: string }, actor: string): Promise<store.StoredOverride> {
    const pattern = requireGatePattern(input.pattern);
    const customer = await this.source.customer(trx, customerId);
    // The same answer as every other route about a customer that is not there.
    if (!customer) throw new VigilError(CustomerErrors.CUSTOMER_NOT_FOUND, `no customer with id ${customerId}`, { customerId });
    const now = this.clock.now();
    const rule: store.StoredOverride = {
      id: newId('gor'),
      customerId,
      pattern: pattern.kind === 'any' ? '*' : pattern.value,
      effect: input.effect,
      until: input.hours ? new Date(now.getTime() + input.hours * 3_600_000).toISOString() : null,
      reason: input.reason,
      source: input.source ?? 'operator',
      createdAt: now.toISOString(),
      createdBy: actor,
    };
    await store.insert(trx, rule);
    await this.audit.append(trx, { actor, action: 'gate.rule_added', subject: `customer:${customerId}`, data: { ruleId: rule.id, pattern: rule.pattern, effect: rule.effect, until: rule.until, source: rule.source } });
    this.invalidate(customerId);
    return rule;
  }

  async removeRule(trx: Executor, customerId: string, ruleId: string, actor: string): Promise<void> {
    if (!(await store.remove(trx, customerId, ruleId))) throw new VigilError(GateErrors.GATE_RULE_NOT_FOUND, `customer ${customerId} has no gate rule ${ruleId}`, { customerId, ruleId });
    await this.audit.append(trx, { actor, action: 'gate.rule_removed', subject: `customer:${customerId}`, data: { ruleId } });
    this.invalidate(customerId);
  }

  rules(db: Executor, customerId: string): Promise<store.StoredOverride[]> {
    return store.active(db, customerId, this.clock.now().toISOString());
  }
}
