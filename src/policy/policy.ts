import { hashOf } from '../core/hash.js';
import type { ContactChannel, CustomerStatus } from '../customers/customer.js';

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
  signup: SignupPolicy;
}

export type SignupAction = 'allow' | 'verify' | 'require_kyc' | 'block';

/** The sign-up gate's rules (onboarding/signup-rules.ts reads them). */
export interface SignupPolicy {
  /** Outcome per signal; a signal absent here only adds to the risk score. */
  actions: {
    disposableEmail: SignupAction;
    emailDomainWithoutMail: SignupAction;
    tor: SignupAction;
    vpn: SignupAction;
    datacenter: SignupAction;
    voipPhone: SignupAction;
    countryMismatch: SignupAction;
    /** A velocity limit reached (per IP, network, device or email). */
    velocity: SignupAction;
    /** Shares a device, phone, email, payment fingerprint (or IP) with another customer. */
    linkedAccount: SignupAction;
    /** Linked to a customer who is restricted, suspended or offboarded. */
    linkedToBlocked: SignupAction;
    /** minFraud risk score at or above `minfraudThreshold`. */
    minfraudHigh: SignupAction;
  };
  /** Risk score points each signal adds (the score is capped at 100). */
  scores: Record<keyof SignupPolicy['actions'], number>;
  minfraudThreshold: number;
  /** Sign-ups counted over a sliding window; reaching `limit` triggers the velocity action. */
  velocity: { windowMinutes: number; perIp: number; perNetwork: number; perDevice: number; perEmail: number };
  /** Whether a shared IP address links accounts (off by default: NAT and mobile carriers share them). */
  linkByIp: boolean;
  /** Contacts a new customer must verify before ordering, and before renewing. */
  verification: { beforeOrder: ContactChannel[]; beforeRenewal: ContactChannel[]; emailLinkHours: number; smsCodeMinutes: number; smsMaxAttempts: number; smsResendSeconds: number; smsMaxPerHour: number };
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
  signup: {
    actions: {
      disposableEmail: 'block',
      emailDomainWithoutMail: 'block',
      tor: 'require_kyc',
      vpn: 'verify',
      datacenter: 'verify',
      voipPhone: 'require_kyc',
      countryMismatch: 'verify',
      velocity: 'require_kyc',
      linkedAccount: 'require_kyc',
      linkedToBlocked: 'block',
      minfraudHigh: 'require_kyc',
    },
    scores: { disposableEmail: 60, emailDomainWithoutMail: 50, tor: 60, vpn: 25, datacenter: 30, voipPhone: 25, countryMismatch: 15, velocity: 40, linkedAccount: 30, linkedToBlocked: 80, minfraudHigh: 50 },
    minfraudThreshold: 75,
    velocity: { windowMinutes: 1440, perIp: 3, perNetwork: 10, perDevice: 3, perEmail: 2 },
    linkByIp: false,
    verification: { beforeOrder: ['email', 'phone'], beforeRenewal: ['phone'], emailLinkHours: 24, smsCodeMinutes: 10, smsMaxAttempts: 5, smsResendSeconds: 60, smsMaxPerHour: 5 },
  },
};

/** A policy's version is the hash of its content: any change is a new version. */
export function policyVersion(policy: Policy): string {
  return `pol_${hashOf(policy).slice(0, 16)}`;
}
