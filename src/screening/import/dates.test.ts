import { describe, expect, it } from 'vitest';
import { listDate, usDate, yearRange } from './dates.js';

describe('listDate', () => {
  it.each([
    ['12 Aug 1974', '1974-08-12'],
    ['05 Jun 1950.', '1950-06-05'],
    ['16 Jan. 2008', '2008-01-16'],
    ['3 September 2001', '2001-09-03'],
    ['Aug 1974', '1974-08'],
    ['Sept 1938', '1938-09'],
    ['1974', '1974'],
    ['1974-08-12', '1974-08-12'],
    ['2001-01-25-05:00', '2001-01-25'],
    ['2026-02-27T00:00:09.554Z', '2026-02-27'],
    ['circa 1974', '1973..1975'],
    ['circa-1951', '1950..1952'],
    ['circa 01 Jan 1961', '1960..1962'],
    ['circa 1979-1982', '1979..1982'],
    ['approximately 1966', '1965..1967'],
    ['between 1960 and 1965', '1960..1965'],
    ['1951 to 1953', '1951..1953'],
    ['01 Jan 1976 to 31 Dec 1978', '1976..1978'],
    ['Mar 1962 to Feb 1963', '1962..1963'],
    ['01 Jan 1976 to 31 Dec 1976', '1976'],
  ])('reads %j as %j', (text, expected) => {
    expect(listDate(text)).toBe(expected);
  });

  it.each([[''], [null], ['unknown'], ['31 Feb 1970'], ['Foo 1970'], ['1978 to 1976'], ['12/08/1974']])('returns null for %j', (text) => {
    expect(listDate(text)).toBeNull();
  });
});

describe('usDate and yearRange', () => {
  it('reads OFAC Publish_Date as MM/DD/YYYY', () => {
    expect(usDate('04/22/2020')).toBe('2020-04-22');
    expect(usDate('22/04/2020')).toBeNull();
  });

  it('collapses a one-year range and refuses a reversed one', () => {
    expect(yearRange(1973, 1974)).toBe('1973..1974');
    expect(yearRange('1980', '1980')).toBe('1980');
    expect(yearRange(1990, 1980)).toBeNull();
  });
});
