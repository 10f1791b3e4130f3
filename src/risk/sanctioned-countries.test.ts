import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSanctionedCountriesCsv } from './sanctioned-countries.js';

const BUNDLED = resolve(import.meta.dirname, '../../assets/risk/sanctioned-countries.csv');
const HEADER = 'iso2,jurisdiction,programmes,notes';

describe('parseSanctionedCountriesCsv', () => {
  it('reads the bundled, commented list', () => {
    const list = parseSanctionedCountriesCsv(readFileSync(BUNDLED, 'utf8'));
    expect([...list.countries].sort()).toEqual(['CU', 'IR', 'KP']);
    expect(list.programmes.get('CU')).toMatch(/OFAC/);
    expect(list.version).toMatch(/^sanc_[0-9a-f]{16}$/);
  });

  it('fingerprints the set of countries, not the row order or notes', () => {
    const a = parseSanctionedCountriesCsv(`${HEADER}\nCU,Cuba,OFAC,\nIR,Iran,OFAC,\n`);
    const b = parseSanctionedCountriesCsv(`# other copy\n${HEADER}\nIR,Iran,OFAC ITSR,note\nCU,Cuba,OFAC,\n`);
    const c = parseSanctionedCountriesCsv(`${HEADER}\nCU,Cuba,OFAC,\n`);
    expect(a.version).toBe(b.version);
    expect(c.version).not.toBe(a.version);
  });

  it('accepts a file with no countries', () => {
    expect(parseSanctionedCountriesCsv(`${HEADER}\n`).countries.size).toBe(0);
  });

  it.each([
    ['a bad code', `${HEADER}\nCU,Cuba,OFAC,\nC1,Crimea,OFAC,`, 3, /"C1" is not/],
    ['a duplicate', `${HEADER}\nCU,Cuba,OFAC,\nCU,Cuba,OFAC,`, 3, /CU is listed twice/],
    ['a row without programme', `# c\n${HEADER}\nCU,Cuba,,`, 3, /names no sanctions programme/],
    ['a missing column', `# c\niso2,jurisdiction\nCU,Cuba`, 2, /lacks column\(s\) programmes, notes/],
  ])('rejects %s, naming the line', (_what, text, line, message) => {
    expect(() => parseSanctionedCountriesCsv(text, 's.csv')).toThrow(expect.objectContaining({ code: 'RISK_LIST_MALFORMED', context: { file: 's.csv', line }, message: expect.stringMatching(message) }));
  });
});
