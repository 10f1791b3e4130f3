/** Every outcome an engine can reach. Later engines add theirs here so the set stays closed and documented. */
export const DECISION_ACTIONS = [
  'allow',
  'verify',
  'require_kyc',
  'block',
  'approve',
  'reject',
  'limit',
  'request_info',
  'restrict',
  'suspend',
  'offboard',
] as const;

export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export interface Reason {
  /** Stable machine code: `EMAIL_DISPOSABLE`. */
  code: string;
  /** What a person reads. */
  text: string;
}

export interface Decision {
  decisionId: string;
  /** Which engine decided: `signup`, `kyc.status`, `gate` … */
  kind: string;
  subject: string;
  action: DecisionAction;
  reasons: Reason[];
  inputHash: string;
  policyVer: string;
  dataVer: string;
  modelVer: string;
  createdAt: string;
}

export interface DecisionDraft {
  kind: string;
  subject: string;
  action: DecisionAction;
  reasons: Reason[];
  /** Everything the outcome depended on (ids and values, never PII); hashed, not stored. */
  inputs: unknown;
  policyVer: string;
  dataVer: string;
  modelVer: string;
}
