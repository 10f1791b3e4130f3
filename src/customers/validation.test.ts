import { describe, expect, it } from 'vitest';
import { checkCountry, isCountryCode, typedCountry } from './validation.js';

describe('country codes', () => {
  it('takes ISO 3166-1 codes and Kosovo’s XK, not the groupings, reserved and withdrawn codes CLDR also names', () => {
    for (const code of ['GB', 'DE', 'US', 'XK', 'SS']) expect(isCountryCode(code), code).toBe(true);
    for (const code of ['UK', 'EU', 'UN', 'EZ', 'QO', 'SU', 'YU', 'CS', 'AN', 'ZZ', 'XX', 'gb']) expect(isCountryCode(code), code).toBe(false);
  });

  it('reads a typed UK as GB, and tells an API caller who sends UK that the United Kingdom is GB', () => {
    expect(typedCountry(' uk ', 'declaredCountry')).toBe('GB');
    expect(typedCountry('de', 'declaredCountry')).toBe('DE');
    expect(() => typedCountry('EU', 'declaredCountry')).toThrow(/declaredCountry must be an ISO 3166-1 alpha-2 code/);
    expect(() => checkCountry('UK')).toThrow(/"UK" \(the United Kingdom is GB\)/);
  });
});
