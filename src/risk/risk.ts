import type { AlertSeverity, Channel, LevelMeasures, OverrideCondition, RiskLevel, RiskPolicy } from './risk-policy.js';
import type { GeoLists } from './geo-lists.js';

/** What the score reads about one customer: ids, codes and counts, never personal data. */
export interface RiskProfile {
  customerId: string;
  type: 'person' | 'company';
  /** ISO timestamp the customer was created. */
  createdAt: string;
  /** ISO alpha-2 of residence (person) or incorporation (company); null when unknown. */
  country: string | null;
  ipCountry?: string | null;
  phoneCountry?: string | null;
  /** The customer's `riskFactors` (sign-up gate codes such as `SIGNUP_TOR`). */
  signupFactors: string[];
  pep: boolean;
  /** A screening hit dispositioned as a true match. */
  sanctionsConfirmed: boolean;
  /** Categories of the products the customer holds or ordered. */
  products: string[];
  channel: Channel;
  /** card | bank_transfer | ewallet | crypto | prepaid | cash | other; anything else counts as other. */
  paymentMethods: string[];
  /** Open monitoring alerts raised within the policy's `behaviour.windowDays`. */
  openAlerts: Record<AlertSeverity, number>;
  /** Companies only: how many UBOs are known; null or absent when nobody has established it. */
  uboCount?: number | null;
}

export const FACTOR_GROUPS = ['customer', 'geography', 'product', 'channel', 'payment', 'behaviour'] as const;
export type FactorGroup = (typeof FACTOR_GROUPS)[number];

export interface RiskFactor {
  group: FactorGroup;
  /** Stable machine code, e.g. `GEO_FATF_CALL_FOR_ACTION`. */
  code: string;
  points: number;
  /** A sentence a compliance officer can read back to the customer's file. */
  detail: string;
}

export interface RiskOverride {
  /** The factor code of the condition, e.g. `CUSTOMER_PEP`. */
  code: string;
  minimumLevel: RiskLevel;
  detail: string;
}

export interface RiskAssessment {
  score: number;
  level: RiskLevel;
  factors: RiskFactor[];
  overrides: RiskOverride[];
  /** True when a `prohibitOn` condition holds: the customer must not be served, whatever the level. */
  prohibited: boolean;
  measures: LevelMeasures;
  nextReviewAt: string;
}

/** A fact that may set a floor under the level, found by a factor group. */
export interface Condition {
  condition: OverrideCondition;
  code: string;
  detail: string;
}

/** One factor group's findings; groups are pure and see only the profile and the lists. */
export interface GroupResult {
  factors: RiskFactor[];
  conditions: Condition[];
}

export interface ScoringContext {
  policy: RiskPolicy;
  geo: GeoLists;
  now: Date;
}

export type FactorGroupRule = (profile: RiskProfile, ctx: ScoringContext) => GroupResult;
