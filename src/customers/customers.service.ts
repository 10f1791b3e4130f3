import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { isVigilError, VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Executor } from '../db/executor.js';
import type { Decision, Reason } from '../decisions/decision.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { EventsService } from '../events/events.service.js';
import { policyVersion, type Policy } from '../policy/policy.js';
import type { AccessContext, VaultService } from '../vault/vault.service.js';
import type { CompanyData, ContactChannel, Customer, CustomerStatus, PersonData, RelationRole } from './customer.js';
import * as store from './customers.store.js';
import { CustomerErrors } from './errors.js';
import { ACTION_FOR_STATUS, canTransition, RESTRICTIVE_STATUSES } from './status-machine.js';
import { checkBirthDate, checkCountry, checkEmail } from './validation.js';

export type NewCustomer = (
  | ({ type: 'person'; externalRef: string; country: string } & PersonData)
  | ({ type: 'company'; externalRef: string; country: string } & CompanyData)
) & { /** Contacts to verify before ordering (the sign-up gate sets them). */ contactChecks?: ContactChannel[] };

export interface NewRelatedPerson extends PersonData {
  role: RelationRole;
  country: string;
  ownershipPct?: number | undefined;
}

export interface TransitionRequest {
  to: CustomerStatus;
  reasons: Reason[];
  /** What caused it: `manual`, `vendor:sumsub`, `scheduler`, `review:<id>` … */
  trigger: string;
  actor: string;
  /** The data version the cause was judged on (a screening hit's lists); `none` when no data was. */
  dataVer?: string;
  /**
   * A compliance officer's move (the status endpoint), not a process's: it cannot verify anyone,
   * only reinstate a verification that is still valid, whose dates it keeps.
   */
  manual?: boolean;
}

/**
 * Why the customer must not leave for `to` (a confirmed sanctions match keeps them restricted),
 * or null. Consulted for every move except into restricted, rejected, suspended or offboarded.
 */
export type StatusHold = (db: Executor, customer: Customer, to: CustomerStatus) => Promise<{ reason: string; context: Record<string, unknown> } | null>;

const KYC_EVENT: Partial<Record<CustomerStatus, string>> = { pending: 'kyc.started', verified: 'kyc.passed', rejected: 'kyc.failed' };
const PERSON_FIELDS = ['fullName', 'email', 'phone', 'birthDate', 'address'] as const;
const COMPANY_FIELDS = ['legalName', 'registrationNumber', 'address'] as const;

/** Runs inside the transaction of a status change, so what it does commits or rolls back with it. */
export type StatusListener = (trx: Executor, customer: Customer, from: CustomerStatus, actor: string) => Promise<void>;
export type RiskListener = (trx: Executor, customer: Customer, from: Customer['riskLevel'], actor: string) => Promise<void>;
export interface CreateOptions {
  /**
   * The caller scores the customer's initial risk itself, later in the same transaction (the
   * sign-up gate, once its signals are on the customer), so creating it does not score it first.
   */
  initialRiskByCaller?: boolean;
  /** The caller found no customer with this externalRef in the same transaction (the sign-up gate does). */
  externalRefChecked?: boolean;
  /** Risk factor codes known before the customer exists (the sign-up gate's signals), recorded with it. */
  riskFactors?: string[];
  /** The caller checked the email address by the same rules (the sign-up gate's email intelligence does). */
  emailChecked?: boolean;
  /** The KYC clock starts with the customer (the sign-up gate's require_kyc), as `requireKyc` would start it. */
  kycRequired?: Reason;
}
/** `personal`: the personal data just stored for the customer, so a listener need not decrypt it again. */
export type CreatedListener = (trx: Executor, customer: Customer, actor: string, options: CreateOptions, personal: Readonly<Record<string, string>>) => Promise<void>;
export type UpdatedListener = (trx: Executor, customer: Customer, changed: readonly string[], actor: string) => Promise<void>;

/** Customers and their lifecycle. Personal data goes to the vault; this record keeps ids and states. */
export class CustomersService {
  private readonly listeners: StatusListener[] = [];
  private readonly riskListeners: RiskListener[] = [];
  private readonly createdListeners: CreatedListener[] = [];
  private readonly updatedListeners: UpdatedListener[] = [];
  private readonly holds: StatusHold[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly decisions: DecisionsService,
    private readonly vault: VaultService,
    private readonly policy: () => Policy,
  ) {}

  /** Other domains (orders, KYB) follow status changes through this, not through the database. */
  onStatusChanged(listener: StatusListener): void {
    this.listeners.push(listener);
  }

  /** Other domains (screening) keep a customer in a restrictive status through this. */
  addStatusHold(hold: StatusHold): void {
    this.holds.push(hold);
  }

  /** Runs in the transaction that creates a customer (persons, companies, directors, UBOs): onboarding screening. */
  onCreated(listener: CreatedListener): void {
    this.createdListeners.push(listener);
  }

  /** Runs in the transaction that changes a customer's data, with the names of the changed fields. */
  onUpdated(listener: UpdatedListener): void {
    this.updatedListeners.push(listener);
  }

  onRiskLevelChanged(listener: RiskListener): void {
    this.riskListeners.push(listener);
  }

  async create(trx: Executor, input: NewCustomer, actor: string, options: CreateOptions = {}): Promise<Customer> {
    const existing = options.externalRefChecked ? undefined : await store.getByExternalRef(trx, input.externalRef);
    if (existing) {
      throw new VigilError(CustomerErrors.CUSTOMER_EXISTS, `customer ${existing.id} already has externalRef ${input.externalRef}`, { customerId: existing.id });
    }
    this.validate(input, options.emailChecked === true);
    const riskFactors = [...new Set(options.riskFactors ?? [])].sort();
    // Started in the insert rather than by an update right after it.
    const kyc = options.kycRequired ? this.kycClock() : {};
    const customer = this.fresh(input.type, input.country, { externalRef: input.externalRef, contactChecks: [...new Set(input.contactChecks ?? [])].sort(), riskFactors, ...kyc });
    const personal = pick(input, input.type === 'person' ? PERSON_FIELDS : COMPANY_FIELDS);
    await this.vault.put(customer.id, personal, trx, { newSubject: true });
    if (!(await store.insert(trx, customer))) {
      throw new VigilError(CustomerErrors.CUSTOMER_EXISTS, `another request created a customer with externalRef ${input.externalRef} at the same time`, { externalRef: input.externalRef });
    }
    await this.audit.append(trx, { actor, action: 'customer.created', subject: subjectOf(customer.id), data: { type: customer.type, country: customer.country, ...(riskFactors.length > 0 ? { riskFactors } : {}) } });
    await this.events.emit(trx, { type: 'customer.created', subject: subjectOf(customer.id), payload: { customerId: customer.id, externalRef: customer.externalRef, type: customer.type, status: customer.status } });
    if (options.kycRequired) await this.recordKycRequired(trx, customer, options.kycRequired, actor);
    for (const listener of this.createdListeners) await listener(trx, customer, actor, options, personal);
    // The listeners (initial risk score, screening) may have moved the customer on already.
    return this.createdListeners.length > 0 ? this.get(trx, customer.id) : customer;
  }

  /** Adds a director or beneficial owner to a company, as a person to verify and screen. */
  async addRelatedPerson(trx: Executor, companyId: string, input: NewRelatedPerson, actor: string): Promise<Customer> {
    const company = await this.get(trx, companyId);
    if (company.type !== 'company') throw new VigilError(CustomerErrors.CUSTOMER_NOT_A_COMPANY, `customer ${companyId} is a person`, { customerId: companyId });
    const threshold = this.policy().kyc.uboThresholdPct;
    if (input.role === 'ubo' && input.ownershipPct === undefined) {
      throw new VigilError(CustomerErrors.CUSTOMER_DATA_INVALID, `a beneficial owner holds more than ${threshold} %; send ownershipPct`, { field: 'ownershipPct' });
    }
    if (input.role === 'ubo' && input.ownershipPct !== undefined && input.ownershipPct <= threshold) {
      throw new VigilError(
        CustomerErrors.CUSTOMER_DATA_INVALID,
        `ownershipPct ${input.ownershipPct} % is not above ${threshold} %, so this person is not a beneficial owner: add them with role director if they are one, or send their correct ownershipPct`,
        { field: 'ownershipPct', ownershipPct: input.ownershipPct, uboThresholdPct: threshold },
      );
    }
    this.validate({ type: 'person', externalRef: '', ...input });
    const person = this.fresh('person', input.country, { parentId: companyId, role: input.role, ownershipPct: input.ownershipPct ?? null });
    const personal = pick(input, PERSON_FIELDS);
    await this.vault.put(person.id, personal, trx, { newSubject: true });
    await store.insert(trx, person);
    await this.audit.append(trx, {
      actor,
      action: 'customer.related_person_added',
      subject: subjectOf(companyId),
      data: { personId: person.id, role: input.role, ownershipPct: input.ownershipPct ?? null },
    });
    await this.events.emit(trx, { type: 'customer.created', subject: subjectOf(person.id), payload: { customerId: person.id, parentId: companyId, role: input.role, type: 'person', status: person.status } });
    for (const listener of this.createdListeners) await listener(trx, person, actor, {}, personal);
    return person;
  }

  async get(db: Executor, id: string): Promise<Customer> {
    const customer = await store.get(db, id);
    if (!customer) throw new VigilError(CustomerErrors.CUSTOMER_NOT_FOUND, `no customer with id ${id}`, { customerId: id });
    return customer;
  }

  /**
   * The customer an operator names by Vigil id or by external ref (the CLI takes either): an id
   * (`cus_…`) is an id; anything else is an external ref first, then an id.
   */
  async getByIdOrRef(db: Executor, idOrRef: string): Promise<Customer> {
    if (idOrRef.startsWith('cus_')) return this.get(db, idOrRef);
    const byRef = await this.findByExternalRef(db, idOrRef);
    if (byRef) return byRef;
    try {
      return await this.get(db, idOrRef);
    } catch (err) {
      if (isVigilError(err) && err.code === CustomerErrors.CUSTOMER_NOT_FOUND.code) {
        throw new VigilError(CustomerErrors.CUSTOMER_NOT_FOUND, `no customer with id or external ref ${idOrRef}`, { customerId: idOrRef }, { cause: err });
      }
      throw err;
    }
  }

  findByExternalRef(db: Executor, ref: string): Promise<Customer | undefined> {
    return store.getByExternalRef(db, ref);
  }

  async findByEmail(db: Executor, email: string): Promise<Customer[]> {
    return store.getMany(db, await this.vault.lookup('email', email));
  }

  relatedPersons(db: Executor, companyId: string): Promise<Customer[]> {
    return store.children(db, companyId);
  }

  list(db: Executor, opts: { status?: CustomerStatus; afterId?: string; limit: number }): Promise<Customer[]> {
    return store.list(db, opts);
  }

  personalData(id: string, ctx: AccessContext): Promise<Record<string, string>> {
    return this.vault.read(id, null, ctx);
  }

  /** Changes personal data (in the vault) and/or the country; audits which fields changed, not their values. */
  async update(trx: Executor, id: string, patch: Partial<PersonData & CompanyData> & { country?: string }, actor: string): Promise<Customer> {
    const current = await this.get(trx, id);
    if (current.status === 'offboarded') throw new VigilError(CustomerErrors.CUSTOMER_OFFBOARDED, `customer ${id} was offboarded`, { customerId: id });
    if (patch.country !== undefined) checkCountry(patch.country);
    if (patch.birthDate !== undefined) checkBirthDate(patch.birthDate, this.clock.now());
    if (patch.email !== undefined) checkEmail(patch.email);
    const fields = current.type === 'person' ? PERSON_FIELDS : COMPANY_FIELDS;
    const vaultPatch = pick(patch, fields);
    const reset = await this.changedContacts(trx, current, patch, actor);
    if (Object.keys(vaultPatch).length > 0) await this.vault.put(id, vaultPatch, trx);
    const next = await this.save(trx, current, { country: patch.country ?? current.country, ...reset });
    const changed = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined).sort();
    await this.audit.append(trx, { actor, action: 'customer.updated', subject: subjectOf(id), data: { changed } });
    await this.events.emit(trx, { type: 'customer.updated', subject: subjectOf(id), payload: { customerId: id, changed } });
    for (const listener of this.updatedListeners) await listener(trx, next, changed, actor);
    return next;
  }

  /**
   * Moves a customer to another status as an explained, versioned decision, with the dates
   * that status implies (verification validity, KYC deadline).
   */
  async transition(trx: Executor, id: string, req: TransitionRequest): Promise<{ customer: Customer; decision: Decision }> {
    const current = await this.get(trx, id);
    if (current.status === req.to) throw invalidTransition(current, req.to);
    if (!canTransition(current.status, req.to)) throw invalidTransition(current, req.to);
    const policy = this.policy();
    const now = this.clock.now();
    if (!RESTRICTIVE_STATUSES.has(req.to)) {
      for (const hold of this.holds) {
        const held = await hold(trx, current, req.to);
        if (held) throw new VigilError(CustomerErrors.CUSTOMER_STATUS_HELD, `customer ${id} cannot move from ${current.status} to ${req.to}: ${held.reason}`, { customerId: id, from: current.status, to: req.to, ...held.context });
      }
    }
    const reinstating = req.manual === true && req.to === 'verified';
    if (reinstating && !(current.verificationExpiresAt && current.verificationExpiresAt > now.toISOString())) {
      throw new VigilError(
        CustomerErrors.CUSTOMER_VERIFICATION_REQUIRED,
        `customer ${id} has no valid verification to reinstate${current.verificationExpiresAt ? ` (it expired at ${current.verificationExpiresAt})` : ''}: verify them through a KYC vendor or a manual document review`,
        { customerId: id, from: current.status, verificationExpiresAt: current.verificationExpiresAt },
      );
    }
    const { decision } = await this.decisions.record(
      trx,
      {
        kind: 'customer.status',
        subject: subjectOf(id),
        action: ACTION_FOR_STATUS[req.to],
        reasons: req.reasons,
        inputs: { from: current.status, to: req.to, trigger: req.trigger, version: current.version },
        policyVer: policyVersion(policy),
        dataVer: req.dataVer ?? 'none',
        modelVer: 'status-machine/1',
      },
      req.actor,
    );
    const next = await this.save(trx, current, { status: req.to, ...(reinstating ? {} : this.datesFor(current, req.to, now, policy)) });
    await this.audit.append(trx, {
      actor: req.actor,
      action: 'customer.status_changed',
      subject: subjectOf(id),
      data: { from: current.status, to: req.to, decisionId: decision.decisionId, trigger: req.trigger },
    });
    const payload = { customerId: id, from: current.status, to: req.to, decisionId: decision.decisionId, reasons: req.reasons };
    await this.events.emit(trx, { type: 'customer.status_changed', subject: subjectOf(id), payload });
    const kycEvent = KYC_EVENT[req.to];
    if (kycEvent) await this.events.emit(trx, { type: kycEvent, subject: subjectOf(id), payload });
    for (const listener of this.listeners) await listener(trx, next, current.status, req.actor);
    return { customer: next, decision };
  }

  /** Starts the KYC clock (once): the customer must pass KYC before the deadline. */
  async requireKyc(trx: Executor, id: string, reason: Reason, actor: string): Promise<Customer> {
    const current = await this.get(trx, id);
    if (!kycClockCanStart(current)) return current;
    const next = await this.save(trx, current, this.kycClock());
    await this.recordKycRequired(trx, next, reason, actor);
    return next;
  }

  private kycClock(): Pick<Customer, 'kycRequiredAt' | 'kycDeadlineAt'> {
    const now = this.clock.now();
    return { kycRequiredAt: now.toISOString(), kycDeadlineAt: new Date(now.getTime() + this.policy().kyc.deadlineHours * 3_600_000).toISOString() };
  }

  private async recordKycRequired(trx: Executor, customer: Customer, reason: Reason, actor: string): Promise<void> {
    await this.audit.append(trx, { actor, action: 'customer.kyc_required', subject: subjectOf(customer.id), data: { reason: reason.code, deadline: customer.kycDeadlineAt } });
    await this.events.emit(trx, { type: 'kyc.required', subject: subjectOf(customer.id), payload: { customerId: customer.id, reason, deadline: customer.kycDeadlineAt } });
  }

  /**
   * Sets the customer's risk level as a decision (the risk engine and compliance officers use it);
   * listeners react, e.g. enhanced due diligence for high risk.
   */
  async setRiskLevel(trx: Executor, id: string, level: Customer['riskLevel'], reason: Reason, actor: string, options: { requireKyc?: Reason } = {}): Promise<{ customer: Customer; decision: Decision }> {
    const current = await this.get(trx, id);
    const { decision } = await this.decisions.record(
      trx,
      {
        kind: 'customer.risk_level',
        subject: subjectOf(id),
        action: level === 'high' || level === 'edd' ? 'limit' : 'allow',
        reasons: [reason],
        inputs: { from: current.riskLevel, to: level, version: current.version },
        policyVer: policyVersion(this.policy()),
        dataVer: 'none',
        modelVer: 'manual/1',
      },
      actor,
    );
    if (current.riskLevel === level) {
      return { customer: options.requireKyc ? await this.requireKyc(trx, id, options.requireKyc, actor) : current, decision };
    }
    // The KYC clock the new level calls for starts in the same write, not one more.
    const kycReason = kycClockCanStart(current) ? options.requireKyc : undefined;
    const next = await this.save(trx, current, { riskLevel: level, ...(kycReason ? this.kycClock() : {}) });
    const payload = { customerId: id, from: current.riskLevel, to: level, decisionId: decision.decisionId };
    await this.audit.append(trx, { actor, action: 'customer.risk_level_changed', subject: subjectOf(id), data: payload });
    await this.events.emit(trx, { type: 'customer.risk_level_changed', subject: subjectOf(id), payload });
    if (kycReason) await this.recordKycRequired(trx, next, kycReason, actor);
    for (const listener of this.riskListeners) await listener(trx, next, current.riskLevel, actor);
    return { customer: next, decision };
  }

  /** Adds risk factor codes (sign-up signals, screening hits …); they make a lapsed deadline restrict. */
  async addRiskFactors(trx: Executor, id: string, codes: string[], actor: string): Promise<Customer> {
    const current = await this.get(trx, id);
    const merged = [...new Set([...current.riskFactors, ...codes])].sort();
    if (merged.length === current.riskFactors.length) return current;
    const next = await this.save(trx, current, { riskFactors: merged });
    await this.audit.append(trx, { actor, action: 'customer.risk_factors_added', subject: subjectOf(id), data: { codes } });
    return next;
  }

  /** A new email address or phone number has to be verified again. */
  private async changedContacts(trx: Executor, current: Customer, patch: { email?: string | undefined; phone?: string | undefined }, actor: string): Promise<Partial<Customer>> {
    if (current.type !== 'person' || (patch.email === undefined && patch.phone === undefined)) return {};
    if (!current.emailVerifiedAt && !current.phoneVerifiedAt) return {};
    const stored = await this.vault.read(current.id, ['email', 'phone'], { actor, purpose: 'check whether a verified contact changed' }, trx);
    const out: Partial<Customer> = {};
    if (patch.email !== undefined && patch.email.trim().toLowerCase() !== (stored.email ?? '').trim().toLowerCase()) out.emailVerifiedAt = null;
    if (patch.phone !== undefined && patch.phone !== stored.phone) out.phoneVerifiedAt = null;
    return out;
  }

  /** Records that the customer proved control of a contact (email link, SMS code). */
  async markContactVerified(trx: Executor, id: string, channel: ContactChannel, actor: string): Promise<Customer> {
    const current = await this.get(trx, id);
    const field = channel === 'email' ? 'emailVerifiedAt' : 'phoneVerifiedAt';
    if (current[field]) return current;
    const next = await this.save(trx, current, { [field]: this.clock.now().toISOString() });
    await this.audit.append(trx, { actor, action: 'customer.contact_verified', subject: subjectOf(id), data: { channel } });
    await this.events.emit(trx, { type: 'customer.contact_verified', subject: subjectOf(id), payload: { customerId: id, channel } });
    return next;
  }

  /** Which contacts the customer must verify before ordering (the sign-up gate sets them from policy). */
  async requireContactChecks(trx: Executor, id: string, channels: ContactChannel[], actor: string): Promise<Customer> {
    const current = await this.get(trx, id);
    const merged = [...new Set([...current.contactChecks, ...channels])].sort();
    if (merged.length === current.contactChecks.length) return current;
    const next = await this.save(trx, current, { contactChecks: merged });
    await this.audit.append(trx, { actor, action: 'customer.contact_checks_required', subject: subjectOf(id), data: { channels: merged } });
    return next;
  }

  private datesFor(current: Customer, to: CustomerStatus, now: Date, policy: Policy): Partial<Customer> {
    if (to === 'verified') {
      const expires = new Date(now.getTime() + policy.kyc.validityDays * 86_400_000);
      return { verifiedAt: now.toISOString(), verificationExpiresAt: expires.toISOString(), kycRequiredAt: null, kycDeadlineAt: null };
    }
    if (to === 'not_verified' && current.status === 'verified') {
      // Verification lapsed or was withdrawn: it must be redone, on a fresh deadline.
      const deadline = new Date(now.getTime() + policy.kyc.deadlineHours * 3_600_000);
      return { verifiedAt: null, verificationExpiresAt: null, kycRequiredAt: now.toISOString(), kycDeadlineAt: deadline.toISOString() };
    }
    return {};
  }

  private async save(trx: Executor, current: Customer, changes: Partial<Customer>): Promise<Customer> {
    const next: Customer = { ...current, ...changes, version: current.version + 1, updatedAt: this.clock.now().toISOString() };
    if (!(await store.update(trx, next, current))) {
      throw new VigilError(CustomerErrors.CUSTOMER_CHANGED_CONCURRENTLY, `customer ${current.id} changed meanwhile; retry`, { customerId: current.id });
    }
    return next;
  }

  private fresh(type: Customer['type'], country: string, extra: Partial<Customer>): Customer {
    const at = this.clock.now().toISOString();
    return {
      id: newId('cus'),
      externalRef: null,
      type,
      status: 'not_verified',
      country,
      riskLevel: 'low',
      riskFactors: [],
      kycRequiredAt: null,
      kycDeadlineAt: null,
      verifiedAt: null,
      verificationExpiresAt: null,
      parentId: null,
      role: null,
      ownershipPct: null,
      emailVerifiedAt: null,
      phoneVerifiedAt: null,
      contactChecks: [],
      version: 1,
      createdAt: at,
      updatedAt: at,
      ...extra,
    };
  }

  private validate(input: NewCustomer, emailChecked = false): void {
    checkCountry(input.country);
    if (input.type !== 'person') return;
    if (input.birthDate !== undefined) checkBirthDate(input.birthDate, this.clock.now());
    if (input.email !== undefined && !emailChecked) checkEmail(input.email);
  }
}

/** The KYC clock starts once, and never for a verified customer. */
function kycClockCanStart(c: Customer): boolean {
  return c.status !== 'verified' && !c.kycDeadlineAt;
}

export function subjectOf(customerId: string): string {
  return `customer:${customerId}`;
}

function invalidTransition(c: Customer, to: CustomerStatus): VigilError {
  return new VigilError(CustomerErrors.CUSTOMER_STATUS_TRANSITION_INVALID, `customer ${c.id} cannot move from ${c.status} to ${to}`, {
    customerId: c.id,
    from: c.status,
    to,
  });
}

function pick<K extends string>(obj: object, keys: readonly K[]): Partial<Record<K, string>> {
  const source = obj as Record<string, unknown>;
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) if (typeof source[k] === 'string') out[k] = source[k] as string;
  return out;
}
