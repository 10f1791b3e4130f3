import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_POLICY, type RiskLevel, type RiskPolicy } from './risk-policy.js';
import { highestLevel, levelForScore, scoreRisk } from './risk-score.js';
import type { RiskProfile } from './risk.js';
import { geoFixture, NOW, pairs, profile } from './test-fixtures.js';

const score = (over: Partial<RiskProfile>, policy: RiskPolicy = DEFAULT_RISK_POLICY) => scoreRisk(profile(over), policy, geoFixture(), NOW);
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
/** What a self-serve sign-up looks like: a fresh account, onboarded remotely. */
const selfServe = { createdAt: daysAgo(2), channel: 'non_face_to_face' as const };

describe('scoreRisk', () => {
  it.each<[string, Partial<RiskProfile>, Array<[string, number]>, number, RiskLevel]>([
    ['a clean established customer', {}, [], 0, 'low'],
    ['a fresh self-serve customer buying general proxies by card', selfServe, [['CUSTOMER_NEW_ACCOUNT', 10], ['CHANNEL_NON_FACE_TO_FACE', 10]], 20, 'low'],
    ['a fresh self-serve residential-proxy buyer', { ...selfServe, products: ['residential_proxy'] }, [['CUSTOMER_NEW_ACCOUNT', 10], ['PRODUCT_RESIDENTIAL_PROXY', 20], ['CHANNEL_NON_FACE_TO_FACE', 10]], 40, 'medium'],
    [
      'a grey-list customer buying residential proxies in crypto',
      { ...selfServe, country: 'VN', products: ['residential_proxy'], paymentMethods: ['crypto'] },
      [['CUSTOMER_NEW_ACCOUNT', 10], ['GEO_FATF_INCREASED_MONITORING', 20], ['PRODUCT_RESIDENTIAL_PROXY', 20], ['CHANNEL_NON_FACE_TO_FACE', 10], ['PAYMENT_CRYPTO', 20]],
      80,
      'high',
    ],
    [
      'the same customer also scraping at scale from a Tor exit',
      { ...selfServe, country: 'VN', products: ['residential_proxy', 'large_scale_scraping'], paymentMethods: ['crypto'], signupFactors: ['SIGNUP_TOR'] },
      [['CUSTOMER_NEW_ACCOUNT', 10], ['SIGNUP_TOR', 20], ['GEO_FATF_INCREASED_MONITORING', 20], ['PRODUCT_LARGE_SCALE_SCRAPING', 25], ['PRODUCT_RESIDENTIAL_PROXY', 20], ['CHANNEL_NON_FACE_TO_FACE', 10], ['PAYMENT_CRYPTO', 20]],
      100,
      'edd',
    ],
    [
      'a company with unknown owners paying by e-wallet, with alerts',
      { type: 'company', channel: 'introduced', paymentMethods: ['ewallet'], openAlerts: { low: 0, medium: 1, high: 1, critical: 0 } },
      [['CUSTOMER_COMPANY', 5], ['CUSTOMER_UBO_UNKNOWN', 15], ['CHANNEL_INTRODUCED', 5], ['PAYMENT_EWALLET', 10], ['BEHAVIOUR_OPEN_ALERTS', 20]],
      55,
      'medium',
    ],
  ])('scores %s', (_what, over, factors, expectedScore, level) => {
    const result = score(over);
    expect(pairs(result.factors)).toEqual(factors);
    expect([result.score, result.level]).toEqual([expectedScore, level]);
    expect(result.overrides).toEqual([]);
    expect(result.prohibited).toBe(false);
  });

  it('forces a PEP to at least high whatever the score', () => {
    const result = score({ pep: true });
    expect([result.score, result.level]).toEqual([25, 'high']);
    expect(result.overrides).toEqual([{ code: 'CUSTOMER_PEP', minimumLevel: 'high', detail: 'The customer is a politically exposed person' }]);
    expect(result.measures).toEqual(DEFAULT_RISK_POLICY.measures.high);
    expect(result.nextReviewAt).toBe('2027-03-15T12:00:00.000Z');
  });

  it('never lowers a level the score reached: a PEP scoring EDD stays EDD', () => {
    const result = score({ pep: true, country: 'VN', products: ['large_scale_scraping'], paymentMethods: ['crypto'], ...selfServe });
    expect([result.score, result.level]).toEqual([100, 'edd']);
    expect(result.overrides.map((o) => o.minimumLevel)).toEqual(['high']);
  });

  it('sends a customer in an embargoed country to EDD', () => {
    const result = score({ country: 'CU' });
    expect(pairs(result.factors)).toEqual([['GEO_SANCTIONED_COUNTRY', 50]]);
    expect([result.score, result.level, result.prohibited]).toEqual([50, 'edd', false]);
    expect(result.overrides.map((o) => [o.code, o.minimumLevel])).toEqual([['GEO_SANCTIONED_COUNTRY', 'edd']]);
    expect(result.nextReviewAt).toBe('2026-09-15T12:00:00.000Z');
  });

  it('sends a call-for-action country to EDD, also when seen only through the IP address', () => {
    const result = score({ ipCountry: 'MM' });
    expect([result.score, result.level]).toEqual([40, 'edd']);
    expect(result.overrides.map((o) => o.code)).toEqual(['GEO_FATF_CALL_FOR_ACTION']);
  });

  it('lists one override per condition, joining the countries that raised it', () => {
    const result = score({ country: 'CU', phoneCountry: 'KP' });
    expect(pairs(result.factors)).toEqual([['GEO_SANCTIONED_COUNTRY', 50], ['GEO_SANCTIONED_COUNTRY', 50]]);
    expect(result.score).toBe(100);
    expect(result.overrides).toEqual([
      { code: 'GEO_SANCTIONED_COUNTRY', minimumLevel: 'edd', detail: 'The customer country CU (Cuba) is under a comprehensive embargo (OFAC CACR); The phone country KP (North Korea) is under a comprehensive embargo (OFAC NKSR)' },
      { code: 'GEO_FATF_CALL_FOR_ACTION', minimumLevel: 'edd', detail: 'The phone country KP (North Korea) is a FATF high-risk jurisdiction subject to a call for action (countermeasures), statement of 2025-10-24' },
    ]);
  });

  it('sends a confirmed sanctions match to EDD and marks the customer prohibited', () => {
    const result = score({ sanctionsConfirmed: true });
    expect([result.score, result.level, result.prohibited]).toEqual([100, 'edd', true]);
    expect(result.overrides.map((o) => o.code)).toEqual(['CUSTOMER_SANCTIONS_CONFIRMED']);
  });

  it('caps the score but keeps every factor with its own points', () => {
    const result = score({ sanctionsConfirmed: true, pep: true, country: 'IR' });
    expect(pairs(result.factors)).toEqual([['CUSTOMER_PEP', 25], ['CUSTOMER_SANCTIONS_CONFIRMED', 100], ['GEO_SANCTIONED_COUNTRY', 50]]);
    expect(result.score).toBe(100);
  });

  it('applies no floor the policy does not set', () => {
    const policy: RiskPolicy = { ...DEFAULT_RISK_POLICY, overrides: { sanctionsConfirmed: 'edd' }, prohibitOn: [] };
    expect([score({ pep: true }, policy).level, score({ country: 'CU' }, policy).level]).toEqual(['low', 'medium']);
    expect(score({ sanctionsConfirmed: true }, policy).prohibited).toBe(false);
  });

  it('gives the same assessment whatever the order of the profile lists', () => {
    const a = score({ products: ['scraping', 'residential_proxy'], paymentMethods: ['crypto', 'ewallet'], signupFactors: ['SIGNUP_VPN', 'SIGNUP_TOR'] });
    const b = score({ products: ['residential_proxy', 'scraping'], paymentMethods: ['ewallet', 'crypto'], signupFactors: ['SIGNUP_TOR', 'SIGNUP_VPN'] });
    expect(a).toEqual(b);
  });

  it.each<[string, Partial<RiskProfile>, RegExp]>([
    ['a createdAt that is no timestamp', { createdAt: 'yesterday' }, /createdAt "yesterday" is not a timestamp/],
    ['a negative alert count', { openAlerts: { low: -1, medium: 0, high: 0, critical: 0 } }, /openAlerts.low must be a count/],
    ['a fractional UBO count', { type: 'company', uboCount: 1.5 }, /uboCount must be a count/],
  ])('rejects a profile with %s', (_what, over, message) => {
    expect(() => score(over)).toThrow(expect.objectContaining({ code: 'RISK_PROFILE_INVALID', message: expect.stringMatching(message) }));
  });
});

describe('levelForScore', () => {
  it.each<[number, RiskLevel]>([[0, 'low'], [29, 'low'], [30, 'medium'], [59, 'medium'], [60, 'high'], [84, 'high'], [85, 'edd'], [100, 'edd']])('puts %i in %s', (s, level) => {
    expect(levelForScore(s, DEFAULT_RISK_POLICY)).toBe(level);
  });
});

describe('highestLevel', () => {
  it.each<[RiskLevel[], RiskLevel]>([[[], 'low'], [['medium', 'low'], 'medium'], [['high', 'edd', 'medium'], 'edd']])('of %j is %s', (levels, expected) => {
    expect(highestLevel(levels)).toBe(expected);
  });
});
