import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFatfCsv } from './fatf.js';
import { FATF_FIXTURE } from './test-fixtures.js';

const BUNDLED = resolve(import.meta.dirname, '../../assets/risk/fatf-jurisdictions.csv');
const HEADER = 'iso2,iso3,jurisdiction,fatf_list,fatf_action,statement_date,notes';

describe('parseFatfCsv', () => {
  it('reads the bundled list of the October 2025 plenary', () => {
    const fatf = parseFatfCsv(readFileSync(BUNDLED, 'utf8'));
    expect(fatf.statementDate).toBe('2025-10-24');
    expect([...fatf.callForAction].sort()).toEqual(['IR', 'KP', 'MM']);
    expect(fatf.increasedMonitoring.size).toBe(20);
    expect(fatf.increasedMonitoring.has('VN')).toBe(true);
    expect([...fatf.delisted].sort()).toEqual(['BF', 'MZ', 'NG', 'ZA']);
    expect(fatf.actions.get('MM')).toBe('enhanced_due_diligence');
    expect(fatf.names.get('CI')).toBe('Côte d\'Ivoire');
  });

  it('keeps delisted countries out of both lists', () => {
    const fatf = parseFatfCsv(FATF_FIXTURE);
    expect(fatf.callForAction.has('NG') || fatf.increasedMonitoring.has('NG')).toBe(false);
    expect(fatf.delisted.has('NG')).toBe(true);
  });

  it('tolerates a BOM, CRLF, blank lines and comment lines', () => {
    const text = `\uFEFF# compiled by hand\r\n${HEADER}\r\n\r\nVN,VNM,Vietnam,increased_monitoring,,2025-10-24,\r\n`;
    expect([...parseFatfCsv(text).increasedMonitoring]).toEqual(['VN']);
  });

  it('takes the latest statement date when rows differ', () => {
    const text = `${HEADER}\nVN,VNM,Vietnam,increased_monitoring,,2025-06-13,\nKE,KEN,Kenya,increased_monitoring,,2025-10-24,\n`;
    expect(parseFatfCsv(text).statementDate).toBe('2025-10-24');
  });

  const row = (r: string) => `${HEADER}\nVN,VNM,Vietnam,increased_monitoring,,2025-10-24,\n${r}\n`;
  it.each([
    ['an unknown list value', row('KE,KEN,Kenya,black_list,,2025-10-24,'), 3, /unknown fatf_list "black_list"/],
    ['a code that is no country', row('ZZ,ZZZ,Nowhere,increased_monitoring,,2025-10-24,'), 3, /"ZZ" is not an ISO 3166-1 alpha-2/],
    ['a lower-case code', row('ke,KEN,Kenya,increased_monitoring,,2025-10-24,'), 3, /"ke" is not/],
    ['a bad alpha-3 code', row('KE,KE,Kenya,increased_monitoring,,2025-10-24,'), 3, /"KE" is not an ISO 3166-1 alpha-3/],
    ['an empty name', row('KE,KEN,,increased_monitoring,,2025-10-24,'), 3, /name is empty/],
    ['a country listed twice', row('VN,VNM,Viet Nam,increased_monitoring,,2025-10-24,'), 3, /VN is listed twice/],
    ['a date that is not a date', row('KE,KEN,Kenya,increased_monitoring,,24/10/2025,'), 3, /statement_date "24\/10\/2025"/],
    ['a call for action without its action', row('KP,PRK,North Korea,high_risk_call_for_action,,2025-10-24,'), 3, /needs fatf_action/],
    ['an action on a grey-list row', row('KE,KEN,Kenya,increased_monitoring,countermeasures,2025-10-24,'), 3, /only allowed on high_risk_call_for_action/],
    ['a row with too many fields', row('KE,KEN,Kenya,increased_monitoring,,2025-10-24,,extra'), 3, /Invalid Record Length/],
    ['a missing column', 'iso2,iso3,jurisdiction,statement_date,notes\nVN,VNM,Vietnam,2025-10-24,\n', 1, /lacks column\(s\) fatf_list, fatf_action/],
    ['a missing column after comments', '# note\n\niso2,iso3\nVN,VNM\n', 3, /lacks column/],
  ])('rejects %s, naming the line', (_what, text, line, message) => {
    expect(() => parseFatfCsv(text, 'f.csv')).toThrow(expect.objectContaining({ code: 'RISK_LIST_MALFORMED', context: { file: 'f.csv', line }, message: expect.stringMatching(message) }));
  });

  it('rejects a file that lists nobody', () => {
    expect(() => parseFatfCsv(`${HEADER}\n`)).toThrow(expect.objectContaining({ code: 'RISK_LIST_MALFORMED', message: expect.stringMatching(/no jurisdictions/) }));
  });
});
