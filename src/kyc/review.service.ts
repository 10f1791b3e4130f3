import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { Executor } from '../db/executor.js';
import type { DocumentKind, KycDocument } from './document.js';
import * as documents from './documents.store.js';
import type { Verification } from './verification.js';
import { KycErrors } from './errors.js';
import type { VerificationsService } from './verifications.service.js';

export interface ReviewInput {
  approve: boolean;
  reason: string;
}

/** What a manual verification needs before a reviewer may approve it, by customer type. */
const REQUIRED: Record<'person' | 'company', Array<{ label: string; kinds: readonly DocumentKind[] }>> = {
  person: [
    { label: 'an identity document', kinds: ['passport', 'national_id', 'driving_licence', 'residence_permit', 'visa'] },
    { label: 'a proof of address', kinds: ['bank_statement', 'card_statement', 'utility_bill', 'tax_return'] },
  ],
  company: [
    { label: 'a registry extract', kinds: ['registry_extract'] },
    { label: 'the articles of association', kinds: ['articles_of_association'] },
    { label: 'a proof of the company address', kinds: ['company_address_proof'] },
  ],
};

/** A person's verdict on a manual verification, with the documents it rests on. */
export class ReviewService {
  constructor(
    private readonly clock: Clock,
    private readonly customers: CustomersService,
    private readonly verifications: VerificationsService,
  ) {}

  async review(trx: Executor, verificationId: string, input: ReviewInput, actor: string): Promise<{ verification: Verification; documents: KycDocument[] }> {
    const verification = await this.verifications.get(trx, verificationId);
    if (verification.method !== 'manual' || !['pending', 'resubmission_requested'].includes(verification.status)) {
      throw new VigilError(KycErrors.KYC_REVIEW_CLOSED, `verification ${verificationId} is ${verification.method}/${verification.status}; only open manual verifications are reviewed`, {
        verificationId,
        status: verification.status,
      });
    }
    const customer = await this.customers.get(trx, verification.customerId);
    const docs = (await documents.forVerification(trx, verificationId)).filter((d) => d.status === 'submitted');
    if (input.approve) {
      const missing = REQUIRED[customer.type].filter((req) => !docs.some((d) => req.kinds.includes(d.kind) && d.checksPassed)).map((r) => r.label);
      if (missing.length > 0) {
        throw new VigilError(KycErrors.KYC_REVIEW_INCOMPLETE, `cannot approve without ${missing.join(' and ')} that passed the automatic checks`, { verificationId, missing });
      }
    }
    const at = this.clock.now().toISOString();
    await documents.review(trx, docs.map((d) => d.id), input.approve ? 'accepted' : 'rejected', input.reason, actor, at);
    const reason = { code: input.approve ? 'MANUAL_REVIEW_APPROVED' : 'MANUAL_REVIEW_REJECTED', text: input.reason };
    await this.verifications.applyOutcome(trx, verification, input.approve ? 'approved' : 'rejected', [reason], `review:${verificationId}`, actor);
    return { verification: await this.verifications.get(trx, verificationId), documents: await documents.forVerification(trx, verificationId) };
  }
}
