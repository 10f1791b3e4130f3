/** Every code a gate decision can carry; stable, so proxies and reports may branch on them. */
export const GATE_CODES = [
  'allowed',
  'customer_allowed',
  'operator_allowed',
  'invalid_target',
  'customer_unknown',
  'customer_not_served',
  'temporary_block',
  'private_target',
  'customer_blocked',
  'port_blocked',
  'port_not_allowed',
  'port_requires_verification',
  'operator_denied',
  'category_blocked',
  'class_not_entitled',
] as const;

export type GateCode = (typeof GATE_CODES)[number];

export interface GateDecision {
  readonly action: 'allow' | 'deny';
  readonly code: GateCode;
  /** One sentence for people; never parse it. */
  readonly reason: string;
  /** The category that decided, or the most specific one the host is in. */
  readonly category?: string;
  /** The rule pattern or category suffix that matched (`gov.uk`, `*`, `203.0.113.9`). */
  readonly matched?: string;
  /** Who set the customer rule that decided (`operator`, `monitoring:proxy_ddos`). */
  readonly source?: string;
  /** When the temporary block that decided ends (epoch ms). */
  readonly until?: number;
}

type Details = Pick<GateDecision, 'category' | 'matched' | 'source' | 'until'>;

/** Decisions are shared between calls (cached per host), so they are frozen. */
export function allowDecision(code: GateCode, reason: string, details?: Details): GateDecision {
  return build('allow', code, reason, details);
}

export function denyDecision(code: GateCode, reason: string, details?: Details): GateDecision {
  return build('deny', code, reason, details);
}

/** Absent details are left out rather than set to undefined, so decisions serialise alike. */
function build(action: GateDecision['action'], code: GateCode, reason: string, details: Details | undefined): GateDecision {
  const decision: { -readonly [K in keyof GateDecision]: GateDecision[K] } = { action, code, reason };
  if (details?.category !== undefined) decision.category = details.category;
  if (details?.matched !== undefined) decision.matched = details.matched;
  if (details?.source !== undefined) decision.source = details.source;
  if (details?.until !== undefined) decision.until = details.until;
  return Object.freeze(decision);
}
