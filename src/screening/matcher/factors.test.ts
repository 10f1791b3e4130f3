import { describe, expect, it } from 'vitest';
import { EFFECTS, birthDateFactor, countryFactor, identifierFactor, normalizeIdentifier, parseDate, typeFactor, weakAliasFactor } from './factors.js';

describe('parseDate', () => {
  it.each([
    ['1937-04-28', { from: 1937, to: 1937, full: '1937-04-28' }],
    ['1962-09', { from: 1962, to: 1962, full: null }],
    ['1965', { from: 1965, to: 1965, full: null }],
    ['1960..1965', { from: 1960, to: 1965, full: null }],
    ['circa', null],
  ])('%s → %j', (value, expected) => {
    expect(parseDate(value)).toEqual(expected);
  });
});

describe('birthDateFactor', () => {
  it.each([
    ['1937-04-28', ['1937-04-28'], EFFECTS.exactBirthDate],
    ['1937', ['1937-04-28'], EFFECTS.birthYear],
    ['1938-01-01', ['1937-04-28'], 0],
    ['1962', ['1960..1965'], EFFECTS.birthYear],
    ['1980', ['1937-04-28', '1938'], EFFECTS.birthYearConflict],
  ])('query %s against %j adds %f', (query, listed, effect) => {
    expect(birthDateFactor(query, listed)?.effect).toBe(effect);
  });

  it('says nothing when either side has no date', () => {
    expect(birthDateFactor(undefined, ['1937'])).toBeNull();
    expect(birthDateFactor('1937', [])).toBeNull();
  });
});

describe('countryFactor', () => {
  it('corroborates a listed country and slightly contradicts another', () => {
    expect(countryFactor('iq', ['IQ', 'JO'])?.effect).toBe(EFFECTS.countryMatch);
    expect(countryFactor('FR', ['IQ'])?.effect).toBe(EFFECTS.countryConflict);
    expect(countryFactor('FR', [])).toBeNull();
  });
});

describe('typeFactor', () => {
  it.each([
    ['person', 'organization', EFFECTS.personVersusOther],
    ['vessel', 'organization', EFFECTS.otherKindConflict],
    ['person', 'person', null],
    ['person', 'unknown', null],
  ] as const)('%s screened against a listed %s', (query, listed, effect) => {
    expect(typeFactor(query, listed)?.effect ?? null).toBe(effect);
  });
});

describe('identifierFactor', () => {
  const listed = [{ type: 'passport', value: 'A 1234-567', country: 'IQ' }];

  it('matches identifiers equal in letters and digits', () => {
    expect(normalizeIdentifier('a 1234-567')).toBe('A1234567');
    expect(identifierFactor([{ value: 'A1234567' }], listed)?.effect).toBe(EFFECTS.identifier);
    expect(identifierFactor([{ type: 'passport', value: 'a1234567' }], listed)?.detail).toContain('passport');
  });

  it('ignores other types, other values and values too short to identify', () => {
    expect(identifierFactor([{ type: 'imo', value: 'A1234567' }], listed)).toBeNull();
    expect(identifierFactor([{ value: 'B1234567' }], listed)).toBeNull();
    expect(identifierFactor([{ value: '12' }], [{ type: 'other', value: '12' }])).toBeNull();
  });
});

describe('weakAliasFactor', () => {
  it('weighs a weak alias less', () => {
    expect(weakAliasFactor('weak_alias')?.effect).toBe(EFFECTS.weakAlias);
    expect(weakAliasFactor('alias')).toBeNull();
  });
});
