import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { isVigilError, VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Customer, CustomerStatus } from '../customers/customer.js';
import { subjectOf, type CustomersService, type TransitionRequest } from '../customers/customers.service.js';
import { canTransition } from '../customers/status-machine.js';
import type { Database, Executor } from '../db/executor.js';
import type { Reason } from '../decisions/decision.js';
import type { VaultService } from '../vault/vault.service.js';
import type { VendorRegistry } from './vendor-registry.js';
import type { Verification, VerificationMethod, VerificationStatus } from './verification.js';
import { KycErrors } from './errors.js';
import * as store from './verifications.store.js';
import type { CreatedVerification, VendorOutcome, WebhookRequest } from './vendors/vendor.js';

/** Where each vendor verdict moves the customer (null: the verdict does not change the status). */
const STATUS_FOR_OUTCOME: Record<VendorOutcome, CustomerStatus | null> = {
  approved: 'verified',
  rejected: 'rejected',
  expired: 'not_verified',
  pending: 'pending',
  resubmission_requested: null,
};

const CANNOT_VERIFY: readonly CustomerStatus[] = ['suspended', 'offboarded'];

export interface WebhookResult {
  duplicate: boolean;
  verificationId: string | null;
  outcome: VendorOutcome | null;
}

/** Verification attempts: opening them with a vendor, and turning vendor verdicts into decisions. */
export class VerificationsService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly customers: CustomersService,
    private readonly vault: VaultService,
    private readonly vendors: VendorRegistry,
    private readonly redirectUrl: string | undefined,
  ) {
    customers.onStatusChanged((trx, customer, _from, actor) => this.onPersonVerified(trx, customer, actor));
  }

  /**
   * Opens the verification at the vendor. Runs outside any transaction (it is a network call);
   * sends the vendor only the names and e-mail it needs to prefill, read from the vault with a logged purpose.
   */
  async openWithVendor(db: Executor, customerId: string, vendorName: string | undefined, actor: string): Promise<CreatedVerification> {
    const customer = await this.customers.get(db, customerId);
    this.checkVerifiable(customer);
    const vendor = this.vendors.get(vendorName);
    const pii = await this.vault.read(customerId, ['fullName', 'email'], { actor, purpose: `identity verification with ${vendor.name}` });
    const { firstName, lastName } = splitName(pii.fullName ?? '');
    return vendor.createVerification({
      customerId,
      ...(firstName ? { firstName } : {}),
      ...(lastName ? { lastName } : {}),
      ...(pii.email ? { email: pii.email } : {}),
      ...(this.redirectUrl ? { redirectUrl: this.redirectUrl } : {}),
    });
  }

  /** Records an opened verification and moves the customer to `pending`. */
  async record(trx: Executor, customerId: string, created: { method: VerificationMethod; vendorRef: string | null; verificationUrl: string | null; expiresAt: string | null }, actor: string): Promise<Verification> {
    const customer = await this.customers.get(trx, customerId);
    this.checkVerifiable(customer);
    const at = this.clock.now().toISOString();
    const verification: Verification = { id: newId('ver'), customerId, ...created, status: 'pending', reasons: [], createdAt: at, updatedAt: at };
    await store.insert(trx, verification);
    await this.audit.append(trx, { actor, action: 'kyc.verification_opened', subject: subjectOf(customerId), data: { verificationId: verification.id, method: created.method } });
    if (customer.status !== 'pending') {
      await this.customers.transition(trx, customerId, {
        to: 'pending',
        reasons: [{ code: 'KYC_STARTED', text: `Verification ${verification.id} opened (${created.method})` }],
        trigger: `verification:${verification.id}`,
        actor,
      });
    }
    return verification;
  }

  /**
   * Checks a vendor webhook and applies its verdict once. A notification seen before changes
   * nothing; one for an unknown verification is recorded and ignored.
   */
  async handleVendorWebhook(database: Database, vendorName: string, req: WebhookRequest): Promise<WebhookResult> {
    const vendor = this.vendors.get(vendorName);
    const event = vendor.parseWebhook(req, this.clock.now());
    return database.transaction(async (trx) => {
      const verification = event.vendorRef ? await store.findByVendorRef(trx, vendor.name, event.vendorRef) : undefined;
      const fresh = await store.recordWebhookEvent(trx, {
        vendor: vendor.name,
        eventId: event.eventId,
        verificationId: verification?.id ?? null,
        outcome: event.outcome,
        receivedAt: this.clock.now().toISOString(),
      });
      if (!fresh) return { duplicate: true, verificationId: verification?.id ?? null, outcome: event.outcome };
      if (verification && event.outcome) {
        await this.applyOutcome(trx, verification, event.outcome, event.reasons, `vendor:${vendor.name}:${event.eventId}`, `vendor:${vendor.name}`);
      }
      return { duplicate: false, verificationId: verification?.id ?? null, outcome: event.outcome };
    });
  }

  /** Sets a verification's outcome and moves its customer accordingly (manual reviews use it too). */
  async applyOutcome(trx: Executor, verification: Verification, outcome: VendorOutcome, reasons: Reason[], trigger: string, actor: string): Promise<void> {
    const status: VerificationStatus = outcome;
    await store.setStatus(trx, verification.id, status, reasons, this.clock.now().toISOString());
    await this.audit.append(trx, {
      actor,
      action: 'kyc.verification_updated',
      subject: subjectOf(verification.customerId),
      data: { verificationId: verification.id, status, reasons: reasons.map((r) => r.code) },
    });
    const target = STATUS_FOR_OUTCOME[outcome];
    const customer = await this.customers.get(trx, verification.customerId);
    if (!target || customer.status === target || !canTransition(customer.status, target)) return;
    if (customer.type === 'company' && target === 'verified') {
      const missing = await this.unverifiedPersons(trx, customer.id);
      if (missing.length > 0) {
        // KYB: the company's documents are in order, but it is verified only with all its people.
        await this.audit.append(trx, { actor, action: 'kyb.awaiting_persons', subject: subjectOf(customer.id), data: { verificationId: verification.id, missing } });
        return;
      }
    }
    const why = reasons.length > 0 ? reasons : [{ code: `KYC_${outcome.toUpperCase()}`, text: `Verification ${verification.id}: ${outcome}` }];
    await this.moveUnlessHeld(trx, customer.id, { to: target, reasons: why, trigger, actor });
  }

  /**
   * A passed verification does not lift a compliance hold (a confirmed sanctions match): the
   * outcome is recorded and audited, and the customer stays where the hold keeps them.
   */
  private async moveUnlessHeld(trx: Executor, customerId: string, req: TransitionRequest): Promise<void> {
    try {
      await this.customers.transition(trx, customerId, req);
    } catch (err) {
      if (!(isVigilError(err) && err.code === 'CUSTOMER_STATUS_HELD')) throw err;
      await this.audit.append(trx, { actor: req.actor, action: 'kyc.outcome_held', subject: subjectOf(customerId), data: { to: req.to, trigger: req.trigger, hold: err.message } });
    }
  }

  async get(db: Executor, id: string): Promise<Verification> {
    const v = await store.get(db, id);
    if (!v) throw new VigilError(KycErrors.KYC_VERIFICATION_NOT_FOUND, `no verification with id ${id}`, { verificationId: id });
    return v;
  }

  /** The open manual verification of a customer, opened now if there is none. */
  async openManual(trx: Executor, customerId: string, actor: string): Promise<Verification> {
    return (await store.findOpen(trx, customerId, 'manual')) ?? this.record(trx, customerId, { method: 'manual', vendorRef: null, verificationUrl: null, expiresAt: null }, actor);
  }

  list(db: Executor, customerId: string): Promise<Verification[]> {
    return store.listForCustomer(db, customerId);
  }

  /** Directors and UBOs not yet verified (a company with no director counts as missing one). */
  async unverifiedPersons(db: Executor, companyId: string): Promise<string[]> {
    const persons = await this.customers.relatedPersons(db, companyId);
    const missing = persons.filter((p) => p.status !== 'verified').map((p) => p.id);
    return persons.some((p) => p.role === 'director') ? missing : [...missing, 'director'];
  }

  /** The last director or UBO passing completes a company whose own documents were approved. */
  private async onPersonVerified(trx: Executor, person: Customer, actor: string): Promise<void> {
    if (person.status !== 'verified' || !person.parentId) return;
    const company = await this.customers.get(trx, person.parentId);
    if (company.status === 'verified' || !canTransition(company.status, 'verified')) return;
    const [latest] = await store.listForCustomer(trx, company.id);
    if (latest?.status !== 'approved' || (await this.unverifiedPersons(trx, company.id)).length > 0) return;
    await this.moveUnlessHeld(trx, company.id, {
      to: 'verified',
      reasons: [{ code: 'KYB_COMPLETE', text: `Company documents approved (${latest.id}) and every director and beneficial owner verified` }],
      trigger: `kyb:${latest.id}:${person.id}`,
      actor,
    });
  }

  private checkVerifiable(customer: Customer): void {
    if (CANNOT_VERIFY.includes(customer.status)) {
      throw new VigilError(KycErrors.KYC_NOT_ALLOWED, `customer ${customer.id} is ${customer.status} and cannot be verified`, { customerId: customer.id, status: customer.status });
    }
  }
}

/** Vendors want given and family names apart; the last word is taken as the family name. */
export function splitName(fullName: string): { firstName: string; lastName: string } {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { firstName: parts[0] ?? '', lastName: parts[0] ?? '' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}
