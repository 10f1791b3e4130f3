import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_POLICY, geoDataVersion, parseFatfCsv, parseSanctionedCountriesCsv, scoreRisk, type GeoLists } from './index.js';
import { profile } from './test-fixtures.js';

const asset = (name: string) => readFileSync(resolve(import.meta.dirname, '../../assets/risk', name), 'utf8');

describe('risk scoring with the bundled lists', () => {
  const geo: GeoLists = { fatf: parseFatfCsv(asset('fatf-jurisdictions.csv')), sanctioned: parseSanctionedCountriesCsv(asset('sanctioned-countries.csv')) };
  const now = new Date('2026-03-15T00:00:00.000Z');

  it.each([
    ['DE', 0, 'low'],
    ['BG', 20, 'low'],
    ['NG', 0, 'low'],
    ['MM', 40, 'edd'],
    ['IR', 50, 'edd'],
    ['CU', 50, 'edd'],
  ])('scores a customer in %s', (country, score, level) => {
    const result = scoreRisk(profile({ country }), DEFAULT_RISK_POLICY, geo, now);
    expect([result.score, result.level]).toEqual([score, level]);
  });

  it('fingerprints the lists for the decision’s dataVer', () => {
    expect(geoDataVersion(geo)).toMatch(/^geo_[0-9a-f]{16}$/);
    const fewer = { ...geo, sanctioned: parseSanctionedCountriesCsv('iso2,jurisdiction,programmes,notes\nCU,Cuba,OFAC,\n') };
    expect(geoDataVersion(fewer)).not.toBe(geoDataVersion(geo));
  });
});
