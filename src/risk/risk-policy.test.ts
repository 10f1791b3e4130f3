import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_POLICY, parseRiskPolicy, RiskPolicySchema } from './risk-policy.js';

const clone = () => structuredClone(DEFAULT_RISK_POLICY) as Record<string, unknown> & typeof DEFAULT_RISK_POLICY;

describe('risk policy schema', () => {
  it('accepts the default policy unchanged', () => {
    expect(parseRiskPolicy(structuredClone(DEFAULT_RISK_POLICY))).toEqual(DEFAULT_RISK_POLICY);
  });

  it('defaults the score cap to 100', () => {
    const { scoreCap: _cap, ...rest } = clone();
    expect(RiskPolicySchema.parse(rest).scoreCap).toBe(100);
  });

  it('rates every sign-up code the onboarding gate emits', () => {
    // Read from the gate's source so a new sign-up signal cannot go unrated unnoticed.
    const rules = readFileSync(resolve(import.meta.dirname, '../onboarding/signup-rules.ts'), 'utf8');
    const fired = [...rules.matchAll(/fire\('\w+', '(SIGNUP_[A-Z_]+)'/g)].map((m) => m[1]);
    const velocity = ['ip', 'network', 'device', 'email'].map((k) => `SIGNUP_VELOCITY_${k.toUpperCase()}`);
    expect(rules).toContain('`SIGNUP_VELOCITY_${v.kind.toUpperCase()}`');
    expect(fired.length).toBeGreaterThan(10);
    expect(Object.keys(DEFAULT_RISK_POLICY.factors.customer.signup).sort()).toEqual([...fired, ...velocity].sort());
  });

  it.each<[string, (p: ReturnType<typeof clone>) => unknown, RegExp]>([
    ['levels that do not rise', (p) => ({ ...p, levels: { medium: 60, high: 60, edd: 85 } }), /levels: levels must rise/],
    ['an EDD threshold above the cap', (p) => ({ ...p, scoreCap: 80 }), /levels\.edd: levels\.edd must be reachable/],
    ['account-age bands out of order', (p) => ({ ...p, factors: { ...p.factors, customer: { ...p.factors.customer, accountAge: [{ underDays: 30, points: 5 }, { underDays: 7, points: 10 }] } } }), /factors\.customer\.accountAge: underDays must increase/],
    ['negative points', (p) => ({ ...p, factors: { ...p.factors, channel: { ...p.factors.channel, introduced: -5 } } }), /factors\.channel\.introduced/],
    ['a payment method left unrated', (p) => ({ ...p, factors: { ...p.factors, payment: { card: 0 } } }), /factors\.payment\.bank_transfer/],
    ['a sign-up key that is no sign-up code', (p) => ({ ...p, factors: { ...p.factors, customer: { ...p.factors.customer, signup: { tor: 20 } } } }), /factors\.customer\.signup\.tor/],
    ['an unknown override condition', (p) => ({ ...p, overrides: { vip: 'low' } }), /overrides: Unrecognized key: "vip"/],
    ['an unknown level', (p) => ({ ...p, overrides: { pep: 'severe' } }), /overrides\.pep/],
    ['an unknown key (a typo)', (p) => ({ ...p, trigers: {} }), /Unrecognized key: "trigers"/],
    ['a review interval of zero', (p) => ({ ...p, measures: { ...p.measures, edd: { ...p.measures.edd, reviewEveryMonths: 0 } } }), /measures\.edd\.reviewEveryMonths/],
  ])('rejects %s, naming the path', (_what, change, message) => {
    expect(() => parseRiskPolicy(change(clone()))).toThrow(expect.objectContaining({ code: 'RISK_POLICY_INVALID', message: expect.stringMatching(message) }));
  });
});
