import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_POLICY } from '../risk-policy.js';
import { context, pairs, profile } from '../test-fixtures.js';
import { accountAgeDays, customerFactors } from './customer.js';

const at = (days: number) => new Date(Date.parse('2026-03-15T12:00:00.000Z') - days * 86_400_000).toISOString();

describe('customer factors', () => {
  it.each([
    ['an established person', {}, []],
    ['an account opened today', { createdAt: at(0) }, [['CUSTOMER_NEW_ACCOUNT', 10]]],
    ['an account 6 days old', { createdAt: at(6.9) }, [['CUSTOMER_NEW_ACCOUNT', 10]]],
    ['an account 7 days old', { createdAt: at(7) }, [['CUSTOMER_NEW_ACCOUNT', 5]]],
    ['an account 29 days old', { createdAt: at(29) }, [['CUSTOMER_NEW_ACCOUNT', 5]]],
    ['an account 30 days old', { createdAt: at(30) }, []],
    ['a record dated after now', { createdAt: at(-2) }, [['CUSTOMER_NEW_ACCOUNT', 10]]],
    ['a company with UBOs unknown', { type: 'company' as const }, [['CUSTOMER_COMPANY', 5], ['CUSTOMER_UBO_UNKNOWN', 15]]],
    ['a company with two UBOs known', { type: 'company' as const, uboCount: 2 }, [['CUSTOMER_COMPANY', 5]]],
    ['a widely held company (no one over the threshold)', { type: 'company' as const, uboCount: 0 }, [['CUSTOMER_COMPANY', 5]]],
    ['a person without a UBO count', { uboCount: undefined }, []],
    ['a PEP', { pep: true }, [['CUSTOMER_PEP', 25]]],
    ['a confirmed sanctions match', { sanctionsConfirmed: true }, [['CUSTOMER_SANCTIONS_CONFIRMED', 100]]],
    [
      'sign-up signals, sorted and once each',
      { signupFactors: ['SIGNUP_VPN', 'SIGNUP_TOR', 'SIGNUP_VELOCITY_DEVICE', 'SIGNUP_VPN'] },
      [['SIGNUP_TOR', 20], ['SIGNUP_VELOCITY_DEVICE', 10], ['SIGNUP_VPN', 5]],
    ],
    ['a sign-up code the policy does not rate', { signupFactors: ['SIGNUP_SOMETHING_NEW', 'SIGNUP_KYC_REQUIRED'] }, []],
    ['every kind at once, in a fixed order', { createdAt: at(1), type: 'company' as const, pep: true, sanctionsConfirmed: true, signupFactors: ['SIGNUP_DATACENTER'] }, [
      ['CUSTOMER_NEW_ACCOUNT', 10], ['CUSTOMER_COMPANY', 5], ['CUSTOMER_UBO_UNKNOWN', 15], ['CUSTOMER_PEP', 25], ['CUSTOMER_SANCTIONS_CONFIRMED', 100], ['SIGNUP_DATACENTER', 5],
    ]],
  ])('scores %s', (_what, over, expected) => {
    expect(pairs(customerFactors(profile(over), context()).factors)).toEqual(expected);
  });

  it('raises the PEP and sanctions conditions whatever their points', () => {
    const policy = { ...DEFAULT_RISK_POLICY, factors: { ...DEFAULT_RISK_POLICY.factors, customer: { ...DEFAULT_RISK_POLICY.factors.customer, pep: 0 } } };
    const result = customerFactors(profile({ pep: true, sanctionsConfirmed: true }), context({ policy }));
    expect(pairs(result.factors)).toEqual([['CUSTOMER_SANCTIONS_CONFIRMED', 100]]);
    expect(result.conditions.map((c) => [c.condition, c.code])).toEqual([['pep', 'CUSTOMER_PEP'], ['sanctionsConfirmed', 'CUSTOMER_SANCTIONS_CONFIRMED']]);
  });

  it('explains each factor in a sentence', () => {
    const { factors } = customerFactors(profile({ createdAt: at(3), signupFactors: ['SIGNUP_TOR'] }), context());
    expect(factors.map((f) => f.detail)).toEqual(['The account is 3 day(s) old, under 7 days', 'The customer signed up from a Tor exit node']);
  });

  it('counts whole days of account age', () => {
    expect(accountAgeDays('2026-03-14T12:00:01.000Z', new Date('2026-03-15T12:00:00.000Z'))).toBe(0);
    expect(accountAgeDays('2026-03-14T12:00:00.000Z', new Date('2026-03-15T12:00:00.000Z'))).toBe(1);
  });
});
