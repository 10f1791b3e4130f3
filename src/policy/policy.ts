import { hashOf } from '../core/hash.js';
import type { CustomerStatus } from '../customers/customer.js';

/** What a customer may do now; derived, never stored. */
export interface EntitlementRule {
  order: boolean;
  renew: boolean;
  bindPaymentMethod: boolean;
  /** Largest proxy pool the customer may use (IPs); 0 means none. */
  poolSize: number;
  /** Classes of proxy targets allowed (`general`, `social`, `ecommerce`, `restricted`…). */
  targetClasses: string[];
  /** False means the service must stop serving the customer. */
  service: boolean;
}

export interface Policy {
  kyc: {
    /** Hours a customer has to pass KYC once it is required. */
    deadlineHours: number;
    /** Days a passed verification stays valid. */
    validityDays: number;
    /** Days within which KYC for a held order still extends the service's due date. */
    orderGraceDays: number;
    minimumAge: number;
    proofOfAddressMaxAgeDays: number;
    registryExtractMaxAgeDays: number;
    /** Ownership above which a person is a beneficial owner, in percent. */
    uboThresholdPct: number;
    /** Enhanced due diligence asked automatically when a customer reaches one of these risk levels. */
    edd: { onRiskLevels: Array<'low' | 'medium' | 'high' | 'edd'>; documents: Array<'source_of_funds' | 'source_of_wealth'>; deadlineDays: number };
  };
  entitlements: Record<CustomerStatus, EntitlementRule>;
}

const LIMITED: EntitlementRule = { order: true, renew: true, bindPaymentMethod: false, poolSize: 100, targetClasses: ['general'], service: true };

/** The seed policy: 72 h to pass KYC, verification valid two years, limited service until verified. */
export const DEFAULT_POLICY: Policy = {
  kyc: {
    deadlineHours: 72,
    validityDays: 730,
    orderGraceDays: 3,
    minimumAge: 18,
    proofOfAddressMaxAgeDays: 90,
    registryExtractMaxAgeDays: 90,
    uboThresholdPct: 25,
    edd: { onRiskLevels: ['high', 'edd'], documents: ['source_of_funds', 'source_of_wealth'], deadlineDays: 14 },
  },
  entitlements: {
    not_verified: LIMITED,
    pending: LIMITED,
    verified: { order: true, renew: true, bindPaymentMethod: true, poolSize: 100_000, targetClasses: ['general', 'social', 'ecommerce'], service: true },
    rejected: { order: false, renew: false, bindPaymentMethod: false, poolSize: 0, targetClasses: [], service: false },
    restricted: { order: false, renew: false, bindPaymentMethod: false, poolSize: 100, targetClasses: ['general'], service: true },
    suspended: { order: false, renew: false, bindPaymentMethod: false, poolSize: 0, targetClasses: [], service: false },
    offboarded: { order: false, renew: false, bindPaymentMethod: false, poolSize: 0, targetClasses: [], service: false },
  },
};

/** A policy's version is the hash of its content: any change is a new version. */
export function policyVersion(policy: Policy): string {
  return `pol_${hashOf(policy).slice(0, 16)}`;
}
