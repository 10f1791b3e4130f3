import type { DecisionAction, Reason } from '../decisions/decision.js';
import type { EntitlementRule, Policy } from '../policy/policy.js';
import type { ContactChannel, Customer } from './customer.js';

export interface Entitlements extends EntitlementRule {
  kycRequired: boolean;
  kycDeadlineAt: string | null;
  /** Most the customer may deposit in a calendar month at their risk level; null for no limit. */
  maxMonthlyDeposit: number | null;
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

const CONTACT_REASON: Record<ContactChannel, Reason> = {
  email: { code: 'EMAIL_NOT_VERIFIED', text: 'The email address is not verified yet' },
  phone: { code: 'PHONE_NOT_VERIFIED', text: 'The phone number is not verified yet' },
};

/**
 * What verification holds back: a sign-up sent to KYC (its signals are risk factors) buys and
 * renews nothing until KYC passes. Ordering waits for the contacts the sign-up gate asked this
 * customer to verify (the policy's `beforeOrder` at the time, and both for a `verify` verdict);
 * renewing waits, for every person however they came, for the contacts policy names in
 * `beforeRenewal` as it stands now.
 */
export function signupHolds(customer: Customer, policy: Policy, what: 'order' | 'renewal'): Reason[] {
  const out: Reason[] = [];
  if (customer.status !== 'verified' && customer.kycDeadlineAt !== null && customer.riskFactors.length > 0) {
    out.push({ code: 'SIGNUP_KYC_REQUIRED', text: 'The sign-up was sent to KYC: no purchase or renewal until it passes' });
  }
  const channels = what === 'order' ? customer.contactChecks : customer.type === 'person' ? policy.signup.verification.beforeRenewal : [];
  for (const c of channels) if (!(c === 'email' ? customer.emailVerifiedAt : customer.phoneVerifiedAt)) out.push(CONTACT_REASON[c]);
  return out;
}

/** What a customer may do now, from status and policy. Pure, so the same state always answers alike. */
export function entitlementsFor(customer: Customer, policy: Policy): EntitlementVerdict {
  const rule = policy.entitlements[customer.status];
  const kycRequired = customer.status !== 'verified' && customer.kycDeadlineAt !== null;
  const reasons: Reason[] = [STATUS_REASON[customer.status]];
  if (kycRequired) reasons.push({ code: 'KYC_REQUIRED', text: `KYC is required by ${customer.kycDeadlineAt}` });
  const holds = { order: signupHolds(customer, policy, 'order'), renewal: signupHolds(customer, policy, 'renewal') };
  for (const r of [...holds.order, ...holds.renewal]) if (!reasons.some((x) => x.code === r.code)) reasons.push(r);
  const limits = policy.risk.measures[customer.riskLevel].limits;
  const limited = riskLimited(rule, limits);
  if (limited !== rule) reasons.push({ code: 'RISK_LIMITS', text: `Risk level ${customer.riskLevel}: pool and target classes limited by policy` });
  const entitlements: Entitlements = {
    ...limited,
    order: rule.order && holds.order.length === 0,
    // While KYC is required, nothing new is bought or renewed without it (the seed policy's hold).
    renew: rule.renew && !kycRequired && holds.renewal.length === 0,
    kycRequired,
    kycDeadlineAt: kycRequired ? customer.kycDeadlineAt : null,
    maxMonthlyDeposit: limits.maxMonthlyDeposit ?? null,
  };
  const full = policy.entitlements.verified;
  const action: DecisionAction = !rule.service ? 'block' : entitlements.order === full.order && entitlements.renew && rule.poolSize >= full.poolSize && !kycRequired ? 'allow' : 'limit';
  return { entitlements, action, reasons };
}

/** The risk level's ceilings on top of the status's entitlements (the same rule object when none bites). */
function riskLimited(rule: EntitlementRule, limits: Policy['risk']['measures']['low']['limits']): EntitlementRule {
  const poolSize = limits.maxPoolSize === undefined ? rule.poolSize : Math.min(rule.poolSize, limits.maxPoolSize);
  const targetClasses = limits.targetClasses === undefined ? rule.targetClasses : rule.targetClasses.filter((c) => limits.targetClasses!.includes(c));
  if (poolSize === rule.poolSize && targetClasses.length === rule.targetClasses.length) return rule;
  return { ...rule, poolSize, targetClasses };
}
