import type { Database } from '../db/executor.js';
import type { Decision, DecisionDraft } from '../decisions/decision.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import { policyVersion, type Policy } from '../policy/policy.js';
import type { CustomersService } from './customers.service.js';
import { subjectOf } from './customers.service.js';
import { entitlementsFor, type Entitlements } from './entitlements.js';

export interface EntitlementsAnswer {
  customerId: string;
  status: string;
  entitlements: Entitlements;
  decision: Decision;
}

/**
 * Answers "what may this customer do now" with the decision behind it. The same state under
 * the same policy is the same decision, so a busy caller mostly reads an existing one.
 */
export class EntitlementsService {
  constructor(
    private readonly database: Database,
    private readonly customers: CustomersService,
    private readonly decisions: DecisionsService,
    private readonly policy: () => Policy,
  ) {}

  async get(customerId: string, actor: string): Promise<EntitlementsAnswer> {
    const customer = await this.customers.get(this.database.db, customerId);
    const policy = this.policy();
    const verdict = entitlementsFor(customer, policy);
    const draft: DecisionDraft = {
      kind: 'entitlements',
      subject: subjectOf(customerId),
      action: verdict.action,
      reasons: verdict.reasons,
      inputs: { status: customer.status, riskLevel: customer.riskLevel, kycDeadlineAt: customer.kycDeadlineAt, entitlements: verdict.entitlements },
      policyVer: policyVersion(policy),
      dataVer: 'none',
      modelVer: 'entitlements/1',
    };
    const decision =
      (await this.decisions.find(this.database.db, draft)) ??
      (await this.database.transaction((trx) => this.decisions.record(trx, draft, actor))).decision;
    return { customerId, status: customer.status, entitlements: verdict.entitlements, decision };
  }
}
