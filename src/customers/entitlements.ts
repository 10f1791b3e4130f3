import type { DecisionAction, Reason } from '../decisions/decision.js';
import type { EntitlementRule, Policy } from '../policy/policy.js';
import type { Customer } from './customer.js';

export interface Entitlements extends EntitlementRule {
  kycRequired: boolean;
  kycDeadlineAt: string | null;
}

export interface EntitlementVerdict {
  entitlements: Entitlements;
  action: DecisionAction;
  reasons: Reason[];
}

const STATUS_REASON: Record<Customer['status'], Reason> = {
  not_verified: { code: 'KYC_NOT_VERIFIED', text: 'Not verified: payment-method binding, large pools and sensitive targets need KYC' },
  pending: { code: 'KYC_PENDING', text: 'Verification in progress: limited until it passes' },
  verified: { code: 'KYC_VERIFIED', text: 'Verified' },
  rejected: { code: 'KYC_REJECTED', text: 'Verification failed: no purchases or service' },
  restricted: { code: 'CUSTOMER_RESTRICTED', text: 'Restricted: no purchases or renewals until KYC passes' },
  suspended: { code: 'CUSTOMER_SUSPENDED', text: 'Suspended: no service' },
  offboarded: { code: 'CUSTOMER_OFFBOARDED', text: 'Offboarded: no service' },
};

/** What a customer may do now, from status and policy. Pure, so the same state always answers alike. */
export function entitlementsFor(customer: Customer, policy: Policy): EntitlementVerdict {
  const rule = policy.entitlements[customer.status];
  const kycRequired = customer.status !== 'verified' && customer.kycDeadlineAt !== null;
  const reasons: Reason[] = [STATUS_REASON[customer.status]];
  if (kycRequired) reasons.push({ code: 'KYC_REQUIRED', text: `KYC is required by ${customer.kycDeadlineAt}` });
  const entitlements: Entitlements = {
    ...rule,
    // While KYC is required, nothing new is bought or renewed without it (the seed policy's hold).
    renew: rule.renew && !kycRequired,
    kycRequired,
    kycDeadlineAt: kycRequired ? customer.kycDeadlineAt : null,
  };
  const full = policy.entitlements.verified;
  const action: DecisionAction = !rule.service ? 'block' : rule.order === full.order && rule.poolSize >= full.poolSize && !kycRequired ? 'allow' : 'limit';
  return { entitlements, action, reasons };
}
