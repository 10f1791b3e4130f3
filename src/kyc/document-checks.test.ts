import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CheckStatus,
  type IdentityDocumentInput,
  checkIdentityDocument,
  checkProofOfAddress,
  checkRegistryExtract,
} from './document-checks.js';
import { mrzCheckDigit } from './mrz.js';

const SPECIMENS = resolve(import.meta.dirname, '../../../shared/data/mrz/mrz_specimens.csv');
const HAVE_SPECIMENS = existsSync(SPECIMENS);
const TODAY = new Date('2026-05-01T00:00:00Z');
const DAY = 86_400_000;
const daysFromToday = (n: number): string => new Date(TODAY.getTime() + n * DAY).toISOString().slice(0, 10);

/** Specimen rows by id; the file quotes only its last column, never across lines. */
function readSpecimens(): Map<string, string> {
  if (!HAVE_SPECIMENS) return new Map();
  const [header, ...rows] = readFileSync(SPECIMENS, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const columns = (header ?? '').split(',');
  const at = (cells: string[], name: string): string => cells[columns.indexOf(name)] ?? '';
  return new Map(
    rows.map((row) => {
      const cells = [...row.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1] ?? '');
      const lines = [at(cells, 'line1'), at(cells, 'line2'), at(cells, 'line3')].filter((l) => l !== '');
      return [at(cells, 'id'), lines.join('\n')];
    }),
  );
}
const SPECIMEN = readSpecimens();
const specimen = (id: string): string => SPECIMEN.get(id) ?? '';

/** A TD3 (passport) MRZ with correct check digits. */
function td3(opts: { name: string; birth: string; expiry: string; number?: string }): string {
  const cd = (s: string): string => String(mrzCheckDigit(s));
  const number = (opts.number ?? 'X1234567').padEnd(9, '<');
  const personal = '<'.repeat(14);
  const core = `${number}${cd(number)}UTO${opts.birth}${cd(opts.birth)}F${opts.expiry}${cd(opts.expiry)}${personal}${cd(personal)}`;
  const composite = `${number}${cd(number)}${opts.birth}${cd(opts.birth)}${opts.expiry}${cd(opts.expiry)}${personal}${cd(personal)}`;
  return `P<UTO${opts.name.padEnd(39, '<').slice(0, 39)}\n${core}${cd(composite)}`;
}

function run(overrides: Partial<IdentityDocumentInput>): ReturnType<typeof checkIdentityDocument> {
  return checkIdentityDocument({
    kind: 'passport',
    profile: { fullName: 'Anna Maria Eriksson' },
    today: TODAY,
    policy: { minimumAge: 18 },
    ...overrides,
  });
}

const status = (result: ReturnType<typeof checkIdentityDocument>, code: string): CheckStatus | undefined =>
  result.checks.find((c) => c.code === code)?.status;

const specimenSuite = HAVE_SPECIMENS
  ? 'identity checks on the MRZ specimens'
  : `identity checks on the MRZ specimens (skipped: ${SPECIMENS} not found)`;

describe.skipIf(!HAVE_SPECIMENS)(specimenSuite, () => {
  const eriksson = specimen('icao9303_p4_td3_utopia');
  const before2012 = new Date('2011-01-01T00:00:00Z');

  it('passes every check on the ICAO TD3 specimen before it expired, and extracts its data', () => {
    const result = run({ mrz: eriksson, today: before2012, profile: { fullName: 'Anna Maria Eriksson', birthDate: '1974-08-12' } });
    expect(result.checks.map((c) => [c.code, c.status])).toEqual([
      ['MRZ_VALID', 'pass'],
      ['MRZ_FORMAT_MATCHES_KIND', 'pass'],
      ['DOCUMENT_NOT_EXPIRED', 'pass'],
      ['MINIMUM_AGE', 'pass'],
      ['NAME_MATCHES_PROFILE', 'pass'],
      ['BIRTH_DATE_MATCHES_PROFILE', 'pass'],
    ]);
    expect(result.passed).toBe(true);
    expect(result.extracted).toEqual({
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      issuer: 'UTO',
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      names: { surname: 'ERIKSSON', givenNames: 'ANNA MARIA' },
    });
  });

  it('keeps names, birth dates and document numbers out of the check texts', () => {
    const texts = JSON.stringify(run({ mrz: eriksson, profile: { fullName: 'Erik Andersson', birthDate: '1975-01-01' } }).checks);
    for (const pii of ['ERIKSSON', 'Erik', 'ANNA', '1974', '740812', 'L898902C3']) expect(texts).not.toContain(pii);
  });

  it('fails DOCUMENT_NOT_EXPIRED for the specimen that expired in 2012', () => {
    const result = run({ mrz: eriksson });
    expect(status(result, 'DOCUMENT_NOT_EXPIRED')).toBe('fail');
    expect(result.passed).toBe(false);
  });

  it.each([
    ['Anna Maria Eriksson', 'pass'],
    ['Anna Eriksson', 'pass'],
    ['eriksson, ANNA maria', 'pass'],
    ['Erik Andersson', 'fail'],
    ['Anna Andersson', 'fail'],
    ['Eriksson', 'fail'],
    ['Anna Karin Eriksson', 'fail'],
  ])('NAME_MATCHES_PROFILE for ERIKSSON<<ANNA<MARIA and profile "%s": %s', (fullName, expected) => {
    expect(status(run({ mrz: eriksson, profile: { fullName } }), 'NAME_MATCHES_PROFILE')).toBe(expected);
  });

  it('matches the German MUSTERMANN passport and ID card to "Erika Mustermann"', () => {
    const passport = run({ mrz: specimen('de_passport_specimen_mustermann'), profile: { fullName: 'Erika Mustermann', birthDate: '1964-08-12' } });
    expect(passport.passed).toBe(true);
    expect(passport.extracted).toMatchObject({ issuer: 'D', nationality: 'D', expiryDate: '2027-02-28' });
    const card = run({ kind: 'national_id', mrz: specimen('de_idcard_specimen_mustermann_2010'), profile: { fullName: 'Erika Mustermann' } });
    expect(status(card, 'NAME_MATCHES_PROFILE')).toBe('pass');
    expect(status(card, 'MRZ_FORMAT_MATCHES_KIND')).toBe('pass');
  });

  it('matches a surname with a particle', () => {
    const result = run({ mrz: specimen('nl_passport_specimen_2014'), profile: { fullName: 'Willeke Liselotte de Bruijn' } });
    expect(status(result, 'NAME_MATCHES_PROFILE')).toBe('pass');
  });

  it.each([
    ['icao9303_p4_td3_utopia', 'passport', 'pass'],
    ['icao9303_p5_td1_utopia', 'national_id', 'pass'],
    ['icao9303_p6_td2_utopia', 'residence_permit', 'pass'],
    ['icao9303_p7_mrva_utopia', 'visa', 'pass'],
    ['icao9303_p7_mrvb_utopia', 'visa', 'pass'],
    ['icao9303_p5_td1_utopia', 'passport', 'fail'],
    ['icao9303_p4_td3_utopia', 'national_id', 'fail'],
    ['icao9303_p4_td3_utopia', 'visa', 'fail'],
  ] as const)('MRZ_FORMAT_MATCHES_KIND for %s as a %s: %s', (id, kind, expected) => {
    const result = run({ kind, mrz: specimen(id) });
    expect(status(result, 'MRZ_VALID')).toBe('pass');
    expect(status(result, 'MRZ_FORMAT_MATCHES_KIND')).toBe(expected);
  });

  it.each([
    ['icao9303_p4_td3_bad_doc_check', 'check digits do not match: document_number, composite'],
    ['icao9303_p5_td1_bad_dob_check', 'check digits do not match: birth_date, composite'],
    ['icao9303_p4_td3_ocr_O_for_0', 'check digits do not match: birth_date, composite; 1 structural problem(s)'],
  ])('fails MRZ_VALID for %s and names the failing check digits', (id, text) => {
    const kind = id.includes('td1') ? 'national_id' : 'passport';
    const check = run({ kind, mrz: specimen(id) }).checks.find((c) => c.code === 'MRZ_VALID');
    expect(check?.status).toBe('fail');
    expect(check?.text).toContain(text);
  });
});

describe('NAME_MATCHES_PROFILE transliteration and word rules', () => {
  const birth = '800101';
  const expiry = '300101';
  const cases: [string, string, CheckStatus][] = [
    ['MUELLER<<JUERGEN', 'Jürgen Müller', 'pass'],
    ['MULLER<<JURGEN', 'Jürgen Müller', 'pass'],
    ['MUELLER<<JUERGEN', 'Ju\u0308rgen Mu\u0308ller', 'pass'],
    ['MUELLER<<JUERGEN', 'JÜRGEN MÜLLER', 'pass'],
    ['MOLLER<<JURGEN', 'Jürgen Müller', 'fail'],
    ['KIERKEGAARD<<SOEREN', 'Søren Kierkegaard', 'pass'],
    ['AANGSTROEM<<AASA', 'Åsa Ångström', 'pass'],
    ['GROSS<<AEBBE', 'Æbbe Groß', 'pass'],
    ['NUNEZ<<JOSE', 'José Núñez', 'pass'],
    ['WALESA<<LUKASZ', 'Łukasz Wałęsa', 'pass'],
    ['THORSDOTTIR<<THORA', 'Þóra Þórsdóttir', 'pass'],
    ['SCHMIDT<WEBER<<ANNA<LENA', 'Anna-Lena Schmidt-Weber', 'pass'],
    ['ONEILL<<SEAN', 'Seán O’Neill', 'pass'],
    ['O<NEILL<<SEAN', "Seán O'Neill", 'pass'],
    ['GARCIA<LOPEZ<<MARIA', 'María García', 'pass'],
    ['GARCIA<LOPEZ<<MARIA', 'María López Fernández', 'fail'],
    ['SMITH<<JOHN<R', 'John Robert Smith', 'pass'],
    ['SMITH<<JOHN<ROBERT', 'John Smith', 'pass'],
    ['SMITH<<JOHN', 'Jane Smith', 'fail'],
    ['SMITH<<JOHN', 'Иван Петров', 'fail'],
    // 45 characters cut to 39: the name field is full, so its last word may be a truncated one.
    ['PAPADOPOULOU<<ALEXANDRA<EVANGELIA<KONSTANTINA', 'Alexandra Evangelia Konstantina Papadopoulou', 'pass'],
  ];
  it.each(cases)('%s against profile "%s": %s', (name, fullName, expected) => {
    const result = run({ mrz: td3({ name, birth, expiry }), profile: { fullName } });
    expect(status(result, 'MRZ_VALID')).toBe('pass');
    expect(status(result, 'NAME_MATCHES_PROFILE')).toBe(expected);
  });

  it('does not read a short word as truncated when the name field has room left', () => {
    const mrz = td3({ name: 'SMITH<<JOHN<ROB', birth, expiry });
    expect(status(run({ mrz, profile: { fullName: 'John Robert Smith' } }), 'NAME_MATCHES_PROFILE')).toBe('fail');
    expect(status(run({ mrz, profile: { fullName: 'John Smith' } }), 'NAME_MATCHES_PROFILE')).toBe('pass');
  });
});

describe('MINIMUM_AGE and BIRTH_DATE_MATCHES_PROFILE', () => {
  const mrzBorn = (yymmdd: string): string => td3({ name: 'ERIKSSON<<ANNA<MARIA', birth: yymmdd, expiry: '300101' });
  const licence = (birthDate: string, today: Date, minimumAge: number): ReturnType<typeof checkIdentityDocument> =>
    run({ kind: 'driving_licence', expiryDate: '2030-01-01', profile: { fullName: 'Anna Eriksson', birthDate }, today, policy: { minimumAge } });
  const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

  it.each([
    ['17 years 364 days old', 'fail', '2008-05-02', TODAY, 18],
    ['18 today', 'pass', '2008-05-01', TODAY, 18],
    ['born on 29 February, on 28 February of a common year', 'fail', '2008-02-29', utc('2026-02-28'), 18],
    ['born on 29 February, on 1 March of a common year', 'pass', '2008-02-29', utc('2026-03-01'), 18],
    ['born on 29 February, the day before 29 February of a leap year', 'fail', '2008-02-29', utc('2028-02-28'), 20],
    ['born on 29 February, on 29 February of a leap year', 'pass', '2008-02-29', utc('2028-02-29'), 20],
    ['born on 1 March, on 29 February of a leap year', 'fail', '2008-03-01', utc('2028-02-29'), 20],
    ['born on 28 February, on 28 February', 'pass', '2008-02-28', utc('2026-02-28'), 18],
    ['born after today', 'fail', '2027-01-01', TODAY, 0],
  ] as const)('from the profile: %s → %s', (_, expected, birthDate, today, minimumAge) => {
    expect(status(licence(birthDate, today, minimumAge), 'MINIMUM_AGE')).toBe(expected);
  });

  it('reads the birth date from the MRZ when there is one', () => {
    expect(status(run({ mrz: mrzBorn('080502') }), 'MINIMUM_AGE')).toBe('fail');
    const adult = run({ mrz: mrzBorn('080501') });
    expect(status(adult, 'MINIMUM_AGE')).toBe('pass');
    expect(adult.extracted.birthDate).toBe('2008-05-01');
  });

  it('takes the century of an MRZ birth date from the profile when the digits agree', () => {
    const centenarian = run({ mrz: mrzBorn('250310'), profile: { fullName: 'Anna Eriksson', birthDate: '1925-03-10' } });
    expect(centenarian.extracted.birthDate).toBe('1925-03-10');
    expect(status(centenarian, 'MINIMUM_AGE')).toBe('pass');
    expect(status(centenarian, 'BIRTH_DATE_MATCHES_PROFILE')).toBe('pass');
  });

  it.each([
    ['the same date', 'pass', '1980-01-01'],
    ['another date', 'fail', '1980-01-02'],
    ['a date that does not exist', 'fail', '1980-02-30'],
  ])('BIRTH_DATE_MATCHES_PROFILE against %s: %s', (_, expected, birthDate) => {
    expect(status(run({ mrz: mrzBorn('800101'), profile: { fullName: 'Anna Eriksson', birthDate } }), 'BIRTH_DATE_MATCHES_PROFILE')).toBe(expected);
  });

  it('is not applicable to BIRTH_DATE_MATCHES_PROFILE when the profile has no birth date', () => {
    expect(status(run({ mrz: mrzBorn('800101') }), 'BIRTH_DATE_MATCHES_PROFILE')).toBe('not_applicable');
  });

  it('fails MINIMUM_AGE when no birth date is known', () => {
    expect(status(run({ kind: 'driving_licence', expiryDate: '2030-01-01' }), 'MINIMUM_AGE')).toBe('fail');
  });
});

describe('identity documents without a usable MRZ', () => {
  it('checks a driving licence on its expiry date and the profile alone', () => {
    const result = run({ kind: 'driving_licence', expiryDate: daysFromToday(0), profile: { fullName: 'Anna Eriksson', birthDate: '1990-01-01' } });
    expect(result.checks.map((c) => c.status)).toEqual(['not_applicable', 'not_applicable', 'pass', 'pass', 'not_applicable', 'not_applicable']);
    expect(result.passed).toBe(true);
    expect(result.extracted).toMatchObject({ documentNumber: null, birthDate: null, expiryDate: daysFromToday(0), names: null });
  });

  it.each([
    ['yesterday', daysFromToday(-1)],
    ['a date that does not exist', '2030-02-30'],
    ['no date', undefined],
  ])('fails DOCUMENT_NOT_EXPIRED for an expiry of %s', (_, expiryDate) => {
    expect(status(run({ kind: 'national_id', expiryDate, profile: { fullName: 'A B', birthDate: '1990-01-01' } }), 'DOCUMENT_NOT_EXPIRED')).toBe('fail');
  });

  it('fails a passport without an MRZ but not a national ID', () => {
    expect(status(run({ expiryDate: '2030-01-01' }), 'MRZ_VALID')).toBe('fail');
    expect(status(run({ kind: 'national_id', expiryDate: '2030-01-01' }), 'MRZ_VALID')).toBe('not_applicable');
  });

  it('reports an unreadable MRZ and falls back on the given expiry date', () => {
    const result = run({ mrz: 'not an mrz', expiryDate: '2030-01-01' });
    const valid = result.checks.find((c) => c.code === 'MRZ_VALID');
    expect(valid).toMatchObject({ status: 'fail', text: expect.stringContaining('unrecognised MRZ layout') });
    expect(status(result, 'MRZ_FORMAT_MATCHES_KIND')).toBe('not_applicable');
    expect(status(result, 'DOCUMENT_NOT_EXPIRED')).toBe('pass');
    expect(status(result, 'NAME_MATCHES_PROFILE')).toBe('not_applicable');
  });
});

describe('checkProofOfAddress and checkRegistryExtract', () => {
  const cases: [string, string, boolean][] = [
    ['issued today', daysFromToday(0), true],
    ['issued 89 days ago', daysFromToday(-89), true],
    ['issued 90 days ago, at the limit', daysFromToday(-90), true],
    ['issued 91 days ago', daysFromToday(-91), false],
    ['dated tomorrow', daysFromToday(1), false],
    ['with an impossible date', '2026-02-30', false],
    ['with a date in another format', '01/05/2026', false],
  ];

  it.each(cases)('ISSUED_RECENTLY for a bank statement %s', (_, issuedOn, passed) => {
    const result = checkProofOfAddress({ kind: 'bank_statement', issuedOn, today: TODAY, policy: { proofOfAddressMaxAgeDays: 90 } });
    expect(result.checks).toEqual([expect.objectContaining({ code: 'ISSUED_RECENTLY', status: passed ? 'pass' : 'fail' })]);
    expect(result.passed).toBe(passed);
  });

  it.each(cases)('REGISTRY_EXTRACT_RECENT for an extract %s', (_, issuedOn, passed) => {
    const result = checkRegistryExtract({ issuedOn, today: TODAY, policy: { registryExtractMaxAgeDays: 90 } });
    expect(result.checks).toEqual([expect.objectContaining({ code: 'REGISTRY_EXTRACT_RECENT', status: passed ? 'pass' : 'fail' })]);
    expect(result.passed).toBe(passed);
  });

  it('counts calendar days in UTC whatever the time of day', () => {
    const lateToday = new Date('2026-05-01T23:59:59Z');
    const result = checkProofOfAddress({ kind: 'utility_bill', issuedOn: daysFromToday(-90), today: lateToday, policy: { proofOfAddressMaxAgeDays: 90 } });
    expect(result.passed).toBe(true);
    expect(result.checks[0]?.text).toBe('the utility bill was issued 90 day(s) ago; the limit is 90');
  });
});
