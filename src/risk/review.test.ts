import { describe, expect, it } from 'vitest';
import { addMonthsUtc, kycRefreshTriggers, nextReview, type KycTriggerCode, type KycTriggerEvent } from './review.js';
import { DEFAULT_RISK_POLICY, type RiskLevel } from './risk-policy.js';

describe('nextReview', () => {
  it.each<[RiskLevel, string]>([
    ['low', '2029-03-15T12:00:00.000Z'],
    ['medium', '2029-03-15T12:00:00.000Z'],
    ['high', '2027-03-15T12:00:00.000Z'],
    ['edd', '2026-09-15T12:00:00.000Z'],
  ])('schedules a %s-risk customer', (level, expected) => {
    expect(nextReview(level, new Date('2026-03-15T12:00:00.000Z'), DEFAULT_RISK_POLICY).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-01-31T08:00:00.000Z', 1, '2026-02-28T08:00:00.000Z'],
    ['2027-08-31T00:00:00.000Z', 6, '2028-02-29T00:00:00.000Z'],
    ['2026-03-31T23:59:59.000Z', 6, '2026-09-30T23:59:59.000Z'],
    ['2026-12-15T00:00:00.000Z', 1, '2027-01-15T00:00:00.000Z'],
  ])('moves %s by %i month(s) to the month’s last day at most', (from, months, expected) => {
    expect(addMonthsUtc(new Date(from), months).toISOString()).toBe(expected);
  });
});

describe('kycRefreshTriggers', () => {
  it.each<[string, KycTriggerEvent, KycTriggerCode[]]>([
    ['a small payment', { kind: 'payment', amount: 50, monthlyVolume: 500 }, []],
    ['a payment of exactly the limit', { kind: 'payment', amount: 5000, monthlyVolume: 5000 }, []],
    ['a payment above the limit', { kind: 'payment', amount: 5000.01, monthlyVolume: 6000 }, ['TRIGGER_TRANSACTION_AMOUNT']],
    ['a payment taking the month over its volume', { kind: 'payment', amount: 100, monthlyVolume: 15_100 }, ['TRIGGER_MONTHLY_VOLUME']],
    ['a large payment in a large month', { kind: 'payment', amount: 9000, monthlyVolume: 20_000 }, ['TRIGGER_TRANSACTION_AMOUNT', 'TRIGGER_MONTHLY_VOLUME']],
    ['a low alert', { kind: 'alert', severity: 'low' }, []],
    ['a medium alert', { kind: 'alert', severity: 'medium' }, []],
    ['a high alert', { kind: 'alert', severity: 'high' }, ['TRIGGER_ALERT_SEVERITY']],
    ['a critical alert', { kind: 'alert', severity: 'critical' }, ['TRIGGER_ALERT_SEVERITY']],
    ['a regulator request', { kind: 'regulator_request' }, ['TRIGGER_REGULATOR_REQUEST']],
  ])('fires on %s', (_what, event, expected) => {
    expect(kycRefreshTriggers(event, DEFAULT_RISK_POLICY)).toEqual(expected);
  });

  it('fires nothing the policy switched off', () => {
    const policy = { ...DEFAULT_RISK_POLICY, triggers: { ...DEFAULT_RISK_POLICY.triggers, onAlertSeverities: [], onRegulatorRequest: false } };
    expect([kycRefreshTriggers({ kind: 'alert', severity: 'critical' }, policy), kycRefreshTriggers({ kind: 'regulator_request' }, policy)]).toEqual([[], []]);
  });
});
