import type { AlertSeverity, RiskLevel, RiskPolicy } from './risk-policy.js';

/**
 * When the customer's file must be reviewed next: `reviewEveryMonths` of the level after `from`,
 * in UTC calendar months. A day the target month lacks falls back to its last day (31 Jan + 1
 * month is 28/29 Feb), so a review is never pushed into the month after.
 */
export function nextReview(level: RiskLevel, from: Date, policy: RiskPolicy): Date {
  return addMonthsUtc(from, policy.measures[level].reviewEveryMonths);
}

export function addMonthsUtc(from: Date, months: number): Date {
  const target = new Date(from.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target;
}

/** Something that happened to a customer that may make their KYC stale. */
export type KycTriggerEvent =
  /** `monthlyVolume`: the customer's payments this calendar month, this one included. */
  | { kind: 'payment'; amount: number; monthlyVolume: number }
  | { kind: 'alert'; severity: AlertSeverity }
  | { kind: 'regulator_request' };

export const KYC_TRIGGER_CODES = ['TRIGGER_TRANSACTION_AMOUNT', 'TRIGGER_MONTHLY_VOLUME', 'TRIGGER_ALERT_SEVERITY', 'TRIGGER_REGULATOR_REQUEST'] as const;
export type KycTriggerCode = (typeof KYC_TRIGGER_CODES)[number];

/**
 * Which refresh triggers an event fires, in a fixed order; empty when it fires none. Pure: the
 * service decides what a refresh means (a KYC deadline, a case) and keeps it idempotent.
 */
export function kycRefreshTriggers(event: KycTriggerEvent, policy: RiskPolicy): KycTriggerCode[] {
  const t = policy.triggers;
  switch (event.kind) {
    case 'payment': {
      const out: KycTriggerCode[] = [];
      if (event.amount > t.transactionAmount) out.push('TRIGGER_TRANSACTION_AMOUNT');
      if (event.monthlyVolume > t.monthlyVolume) out.push('TRIGGER_MONTHLY_VOLUME');
      return out;
    }
    case 'alert':
      return t.onAlertSeverities.includes(event.severity) ? ['TRIGGER_ALERT_SEVERITY'] : [];
    case 'regulator_request':
      return t.onRegulatorRequest ? ['TRIGGER_REGULATOR_REQUEST'] : [];
  }
}
