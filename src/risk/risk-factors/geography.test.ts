import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_POLICY, type RiskPolicy } from '../risk-policy.js';
import { context, pairs, profile } from '../test-fixtures.js';
import { geographyFactors } from './geography.js';

describe('geography factors', () => {
  it.each([
    ['a country on no list', { country: 'DE' }, []],
    ['an unknown country', { country: null }, []],
    ['a grey-list country', { country: 'VN' }, [['GEO_FATF_INCREASED_MONITORING', 20]]],
    ['a lower-case grey-list code', { country: ' vn ' }, [['GEO_FATF_INCREASED_MONITORING', 20]]],
    ['a call-for-action country', { country: 'MM' }, [['GEO_FATF_CALL_FOR_ACTION', 40]]],
    ['an embargoed country not on FATF lists', { country: 'CU' }, [['GEO_SANCTIONED_COUNTRY', 50]]],
    ['an embargoed call-for-action country, once by its worst list', { country: 'IR' }, [['GEO_SANCTIONED_COUNTRY', 50]]],
    ['a delisted country', { country: 'NG' }, []],
    ['a grey-list IP country', { ipCountry: 'SY' }, [['GEO_FATF_INCREASED_MONITORING', 20]]],
    ['a grey-list phone country', { phoneCountry: 'VN' }, [['GEO_FATF_INCREASED_MONITORING', 20]]],
    ['the same country seen three ways, once', { country: 'VN', ipCountry: 'VN', phoneCountry: 'VN' }, [['GEO_FATF_INCREASED_MONITORING', 20]]],
    ['two different listed countries, each', { country: 'VN', ipCountry: 'MM', phoneCountry: 'DE' }, [['GEO_FATF_INCREASED_MONITORING', 20], ['GEO_FATF_CALL_FOR_ACTION', 40]]],
    ['a malformed code, ignored', { country: 'Vietnam' }, []],
  ])('scores %s', (_what, over, expected) => {
    expect(pairs(geographyFactors(profile(over), context()).factors)).toEqual(expected);
  });

  it('names the sources, the country and the list in the detail', () => {
    const { factors } = geographyFactors(profile({ country: 'MM', ipCountry: 'MM' }), context());
    expect(factors[0]?.detail).toBe('The customer and IP country MM (Myanmar) is a FATF high-risk jurisdiction subject to a call for action (enhanced due diligence), statement of 2025-10-24');
  });

  it('raises a condition for every list a country is on', () => {
    const { conditions } = geographyFactors(profile({ country: 'IR', phoneCountry: 'VN' }), context());
    expect(conditions.map((c) => [c.condition, c.code])).toEqual([
      ['sanctionedCountry', 'GEO_SANCTIONED_COUNTRY'],
      ['fatfCallForAction', 'GEO_FATF_CALL_FOR_ACTION'],
      ['fatfIncreasedMonitoring', 'GEO_FATF_INCREASED_MONITORING'],
    ]);
  });

  it('judges only the country sources the policy names', () => {
    const policy: RiskPolicy = { ...DEFAULT_RISK_POLICY, factors: { ...DEFAULT_RISK_POLICY.factors, geography: { ...DEFAULT_RISK_POLICY.factors.geography, countries: ['customer'] } } };
    const result = geographyFactors(profile({ country: 'DE', ipCountry: 'IR', phoneCountry: 'KP' }), context({ policy }));
    expect(result).toEqual({ factors: [], conditions: [] });
  });
});
