import type { Clock } from '../core/clock.js';
import { sha256Hex } from '../core/hash.js';
import { isVigilError, VigilError } from '../core/errors.js';
import type { Customer } from '../customers/customer.js';
import { CustomerErrors } from '../customers/errors.js';
import { typedCountry } from '../customers/validation.js';
import { subjectOf, type CustomersService } from '../customers/customers.service.js';
import type { Database, Executor } from '../db/executor.js';
import type { Decision } from '../decisions/decision.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { EventsService } from '../events/events.service.js';
import { policyVersion, type Policy, type SignupAction } from '../policy/policy.js';
import { OnboardingErrors } from './errors.js';
import { BLOCKED_STATUSES, type LinkKind, type LinksService } from './links.service.js';
import { judgeSignup, type SignupSignals } from './signup-rules.js';
import type { Velocity } from './velocity.js';

export interface SignupInput {
  externalRef: string;
  email: string;
  phone?: string | undefined;
  ip: string;
  userAgent?: string | undefined;
  deviceId?: string | undefined;
  declaredCountry?: string | undefined;
  paymentFingerprint?: string | undefined;
}

/** What the intel domain answers about a sign-up; every call validates and throws a coded error on bad input. */
export interface SignupIntel {
  email(address: string): { normalized: string; domain: string; disposable: boolean; matched: string | null; allowListed: boolean };
  mx(domain: string): Promise<SignupSignals['email']['mx']>;
  ip(address: string): SignupSignals['ip'] & { ip: string; subscriber: string; prefix: string };
  phone(input: string, defaultCountry?: string): { e164: string; country: string | null; type: string };
  minfraud(input: { ip: string; email: string; domain: string; userAgent?: string | undefined; country?: string | undefined; userId: string }): Promise<SignupSignals['minfraud']>;
  dataVer(): string;
}

/** The network checks and parsing done before the transaction (no lock is held across DNS or HTTP). */
export interface PreparedSignup {
  input: SignupInput;
  email: ReturnType<SignupIntel['email']> & { mx: SignupSignals['email']['mx'] };
  ip: ReturnType<SignupIntel['ip']>;
  phone: ReturnType<SignupIntel['phone']> | null;
  minfraud: SignupSignals['minfraud'];
  dataVer: string;
}

export interface SignupOutcome {
  decisionId: string;
  action: SignupAction;
  reasons: Decision['reasons'];
  riskScore: number;
  customerId: string | null;
  signals: Record<string, unknown>;
}

/**
 * The sign-up gate: email, IP and phone intelligence, velocity and linked accounts judged by the
 * policy's sign-up rules into allow / verify / require_kyc / block, recorded as a decision with
 * the policy and intel data versions. A sign-up that is not blocked creates (or updates) the
 * customer; require_kyc starts the KYC clock with the signals as risk factors.
 */
/** Called once a sign-up's verdict is on the customer (the risk engine scores them then). */
export type SignupAppliedListener = (
  trx: Executor,
  customerId: string,
  seen: { ipCountry: string | null; phoneCountry: string | null },
  actor: string,
  /** The sign-up created the customer (in this transaction). */
  created: boolean,
) => Promise<void>;

export class SignupService {
  private readonly appliedListeners: SignupAppliedListener[] = [];

  onApplied(listener: SignupAppliedListener): void {
    this.appliedListeners.push(listener);
  }

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly events: EventsService,
    private readonly decisions: DecisionsService,
    private readonly customers: CustomersService,
    private readonly links: LinksService,
    private readonly velocity: Velocity,
    private readonly intel: () => Promise<SignupIntel>,
    private readonly policy: () => Policy,
  ) {}

  /** The whole gate as a library call: checks, then one transaction. */
  async evaluate(input: SignupInput, actor: string): Promise<SignupOutcome> {
    const prepared = await this.prepare(input);
    return this.database.transaction((trx) => this.decide(trx, prepared, actor));
  }

  async prepare(raw: SignupInput): Promise<PreparedSignup> {
    const input = raw.declaredCountry === undefined ? raw : { ...raw, declaredCountry: typedCountry(raw.declaredCountry, 'declaredCountry') };
    const intel = await this.intel();
    const ip = intel.ip(input.ip);
    // Almost always the application's own proxy or load balancer: judged as the customer's, every
    // sign-up would share it (velocity fires on all) and none would be checked for Tor or a data centre.
    if (ip.scope !== 'public') {
      throw new VigilError(OnboardingErrors.SIGNUP_IP_NOT_PUBLIC, `ip ${ip.ip} is a ${ip.scope} address, not the customer's: send the client's public address (behind a proxy or load balancer, the one it forwards, e.g. in X-Forwarded-For)`, { field: 'ip', scope: ip.scope });
    }
    const email = intel.email(input.email);
    const phone = input.phone ? intel.phone(input.phone, input.declaredCountry ?? ip.country ?? undefined) : null;
    const [mx, minfraud] = await Promise.all([
      intel.mx(email.domain),
      intel.minfraud({ ip: ip.ip, email: email.normalized, domain: email.domain, userAgent: input.userAgent, country: input.declaredCountry, userId: input.externalRef }),
    ]);
    return { input, email: { ...email, mx }, ip, phone, minfraud, dataVer: intel.dataVer() };
  }

  async decide(trx: Executor, p: PreparedSignup, actor: string): Promise<SignupOutcome> {
    const policy = this.policy();
    const { input } = p;
    const existing = await this.customers.findByExternalRef(trx, input.externalRef);
    // The same account signing up again (a retry without an idempotency key, a re-check) is not another sign-up.
    const velocity = await this.velocity.count(trx, policy.signup.velocity, { ip: p.ip.subscriber, network: p.ip.prefix, device: input.deviceId, email: p.email.normalized }, existing === undefined);
    const attributes = this.links.attributes(
      {
        device: input.deviceId,
        phone: p.phone?.e164,
        email: p.email.normalized,
        payment: input.paymentFingerprint,
        ...(policy.signup.linkByIp ? { ip: p.ip.subscriber } : {}),
      },
      p.ip.ip,
    );
    const matched = await this.links.matches(trx, existing?.id ?? null, attributes);
    const linked = matched.linked.map(({ customer, shared }) => ({ customerId: customer.id, status: customer.status, shared, blocked: BLOCKED_STATUSES.has(customer.status) }));
    const signals: SignupSignals = {
      email: { domain: p.email.domain, disposable: p.email.disposable, matched: p.email.matched, allowListed: p.email.allowListed, mx: p.email.mx },
      ip: { scope: p.ip.scope, tor: p.ip.tor, datacenter: p.ip.datacenter, vpn: p.ip.vpn, country: p.ip.country, asn: p.ip.asn },
      phone: p.phone ? { country: p.phone.country, type: p.phone.type } : null,
      declaredCountry: input.declaredCountry ?? null,
      existing: existing ? { status: existing.status, blocked: BLOCKED_STATUSES.has(existing.status) } : null,
      velocity,
      links: { linked },
      minfraud: p.minfraud,
    };
    const verdict = judgeSignup(signals, policy.signup);
    const customer = verdict.action === 'block' ? existing ?? null : await this.upsertCustomer(trx, existing, p, verdict, actor);
    let { action, reasons } = verdict;
    if (customer) {
      await this.links.record(trx, customer.id, matched.toRecord);
      await this.apply(trx, customer, verdict, actor);
      const seen = { ipCountry: signals.ip.country ?? null, phoneCountry: signals.phone?.country ?? null };
      for (const listener of this.appliedListeners) await listener(trx, customer.id, seen, actor, !existing);
      // The risk score the sign-up gave the customer may itself require KYC (policy risk.measures):
      // the answer says so, rather than allow or verify for a customer who cannot order.
      const after = await this.customers.get(trx, customer.id);
      if ((action === 'allow' || action === 'verify') && customer.kycDeadlineAt === null && after.kycDeadlineAt !== null && after.status !== 'verified') {
        action = 'require_kyc';
        reasons = [...reasons.filter((r) => r.code !== 'SIGNUP_CLEAN'), { code: 'SIGNUP_RISK_LEVEL_KYC', text: `The customer's risk level (${after.riskLevel}) requires KYC under the risk policy` }];
      }
    }
    const subject = customer ? subjectOf(customer.id) : `signup:${sha256Hex(input.externalRef).slice(0, 24)}`;
    const shown = publicSignals(signals);
    const { decision } = await this.decisions.record(
      trx,
      {
        kind: 'signup',
        subject,
        action,
        reasons,
        inputs: { signals: shown, customer: customer?.id ?? null, at: this.clock.now().toISOString() },
        policyVer: policyVersion(policy),
        dataVer: p.dataVer,
        modelVer: 'signup-rules/1',
      },
      actor,
    );
    await this.events.emit(trx, { type: 'signup.decided', subject, payload: { decisionId: decision.decisionId, customerId: customer?.id ?? null, action, reasons: reasons.map((r) => r.code), riskScore: verdict.riskScore } });
    return { decisionId: decision.decisionId, action, reasons, riskScore: verdict.riskScore, customerId: customer?.id ?? null, signals: shown };
  }

  private async upsertCustomer(trx: Executor, existing: Customer | undefined, p: PreparedSignup, verdict: ReturnType<typeof judgeSignup>, actor: string): Promise<Customer> {
    if (existing) return this.customers.update(trx, existing.id, { email: p.input.email.trim(), ...(p.phone ? { phone: p.phone.e164 } : {}) }, actor);
    const country = (p.input.declaredCountry ?? p.ip.country ?? p.phone?.country ?? null)?.toUpperCase();
    if (!country) throw new VigilError(OnboardingErrors.SIGNUP_COUNTRY_UNKNOWN, 'the IP address has no known country and no declaredCountry was given; send declaredCountry', { field: 'declaredCountry' });
    const contactChecks = this.policy().signup.verification.beforeOrder;
    // The initial risk score waits for the sign-up's signals (onApplied), so it is computed once.
    try {
      return await this.customers.create(trx, { type: 'person', externalRef: p.input.externalRef, country, email: p.input.email.trim(), contactChecks, ...(p.phone ? { phone: p.phone.e164 } : {}) }, actor, {
        initialRiskByCaller: true,
        externalRefChecked: true,
        emailChecked: true,
        riskFactors: verdict.factors,
        ...(verdict.action === 'require_kyc' ? { kycRequired: kycReason(verdict) } : {}),
      });
    } catch (err) {
      // Two first sign-ups of one account at once: the one that lost sees the customer on a retry, and updates it.
      if (isVigilError(err) && err.code === 'CUSTOMER_EXISTS') {
        throw new VigilError(CustomerErrors.CUSTOMER_CHANGED_CONCURRENTLY, `another sign-up for externalRef ${p.input.externalRef} created the customer at the same time; retry`, { externalRef: p.input.externalRef });
      }
      throw err;
    }
  }

  /** The verdict's consequences on the customer. */
  private async apply(trx: Executor, customer: Customer, verdict: ReturnType<typeof judgeSignup>, actor: string): Promise<void> {
    const policy = this.policy().signup;
    // A customer the sign-up created has them already (recorded at creation): no read to find that out.
    if (verdict.factors.some((f) => !customer.riskFactors.includes(f))) await this.customers.addRiskFactors(trx, customer.id, verdict.factors, actor);
    // `verify` asks for both contacts, whatever the policy asks of every sign-up.
    const checks = verdict.action === 'verify' ? [...new Set([...policy.verification.beforeOrder, 'email', 'phone'] as const)] : policy.verification.beforeOrder;
    await this.customers.requireContactChecks(trx, customer.id, checks, actor);
    // A no-op for a customer the sign-up created: its KYC clock started with it.
    if (verdict.action === 'require_kyc') await this.customers.requireKyc(trx, customer.id, kycReason(verdict), actor);
  }
}

function kycReason(verdict: ReturnType<typeof judgeSignup>): Decision['reasons'][number] {
  return { code: 'SIGNUP_KYC_REQUIRED', text: `The sign-up gate sent the customer to KYC (${verdict.factors.join(', ')})` };
}

/** Signals as decisions, events and responses may carry them: flags, ranges and countries, no addresses. */
function publicSignals(s: SignupSignals): Record<string, unknown> {
  return {
    email: { domain: s.email.domain, disposable: s.email.disposable && !s.email.allowListed, mx: s.email.mx },
    ip: { scope: s.ip.scope, tor: s.ip.tor, datacenter: s.ip.datacenter, vpn: s.ip.vpn, country: s.ip.country, asn: s.ip.asn },
    phone: s.phone,
    declaredCountry: s.declaredCountry,
    velocity: s.velocity.map((v) => ({ kind: v.kind, count: v.count, limit: v.limit })),
    links: s.links.linked.map((l) => ({ customerId: l.customerId, status: l.status, shared: l.shared as LinkKind[] })),
    minfraud: s.minfraud,
  };
}
