import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MrzCheckName, mrzCheckDigit, mrzDateToIso, parseMrz } from './mrz.js';

const SPECIMENS = resolve(import.meta.dirname, '../../../shared/data/mrz/mrz_specimens.csv');
const HAVE_SPECIMENS = existsSync(SPECIMENS);
const TODAY = new Date('2026-05-01T00:00:00Z');

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

/** RFC 4180 reader: the specimen sources quote fields that hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      field += c;
    } else if (c === ',') {
      endField();
    } else {
      if (c === '\r' && next === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    }
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f !== ''));
}

type SpecimenRow = Record<string, string>;

function readSpecimens(): { header: string[]; rows: SpecimenRow[] } {
  if (!HAVE_SPECIMENS) return { header: [], rows: [] };
  const [header = [], ...body] = parseCsv(readFileSync(SPECIMENS, 'utf8'));
  const rows = body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
  return { header, rows };
}

const CSV_CHECK_NAMES: Record<string, MrzCheckName> = {
  doc: 'document_number',
  dob: 'birth_date',
  exp: 'expiry_date',
  opt: 'optional_data',
  comp: 'composite',
};

function specimenLines(row: SpecimenRow): string[] {
  return [row.line1, row.line2, row.line3].filter((line): line is string => !!line);
}

function expectedFields(row: SpecimenRow): Record<string, string> {
  return {
    documentType: row.doc_type ?? '',
    issuer: row.issuer ?? '',
    surname: row.surname ?? '',
    givenNames: row.given_names ?? '',
    documentNumber: row.doc_number ?? '',
    nationality: row.nationality ?? '',
    birthDate: row.birth_date ?? '',
    sex: row.sex === '<' ? 'X' : (row.sex ?? ''), // the CSV keeps the printed filler; the parser reports X
    expiryDate: row.expiry_date ?? '',
    optionalData: row.optional_data ?? '',
  };
}

const specimens = readSpecimens();
const validRows = specimens.rows.filter((row) => row.expected_valid === 'true');
const invalidRows = specimens.rows.filter((row) => row.expected_valid === 'false');
const specimenSuite = HAVE_SPECIMENS
  ? `MRZ specimens in ${SPECIMENS}`
  : `MRZ specimens (skipped: ${SPECIMENS} not found; CI always has it)`;

describe.skipIf(!HAVE_SPECIMENS)(specimenSuite, () => {
  it('reads every row with the documented columns', () => {
    expect(specimens.header).toEqual([
      'id', 'format', 'line1', 'line2', 'line3', 'expected_valid', 'failed_checks', 'doc_type', 'issuer', 'surname',
      'given_names', 'doc_number', 'nationality', 'birth_date', 'sex', 'expiry_date', 'optional_data', 'source',
    ]);
    expect(validRows.length + invalidRows.length).toBe(specimens.rows.length);
    expect(validRows.length).toBeGreaterThan(0);
    expect(invalidRows.length).toBeGreaterThan(0);
  });

  it.each(validRows.map((row) => [row.id ?? '', row] as const))('accepts %s with every field', (_id, row) => {
    const result = parseMrz(specimenLines(row));
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.format).toBe(row.format);
    expect(result.fields).toMatchObject(expectedFields(row));
  });

  it.each(invalidRows.map((row) => [row.id ?? '', row] as const))('rejects %s naming the failed checks', (_id, row) => {
    const result = parseMrz(specimenLines(row));
    const expected = (row.failed_checks ?? '').split(';').map((name) => {
      const mapped = CSV_CHECK_NAMES[name];
      if (!mapped) throw new Error(`unknown failed_checks name '${name}' in ${SPECIMENS}`);
      return mapped;
    });
    expect(result.valid).toBe(false);
    expect(result.format).toBe(row.format);
    expect(result.failedChecks).toEqual(expect.arrayContaining(expected));
    expect(result.fields).toMatchObject(expectedFields(row));
  });
});

describe('mrzCheckDigit', () => {
  it.each([
    ['L898902C3', 6],
    ['740812', 2],
    ['120415', 9],
    ['ZE184226B<<<<<', 1],
    ['', 0],
    ['<<<<<<<<<', 0],
    ['L898902C<', 3],
  ])('computes %j as %i', (data, digit) => {
    expect(mrzCheckDigit(data)).toBe(digit);
  });

  it('returns null for characters outside the MRZ set', () => {
    expect(mrzCheckDigit('l898902c3')).toBeNull();
    expect(mrzCheckDigit('74 812')).toBeNull();
  });
});

describe('parseMrz layout detection', () => {
  it.each([
    ['no input', ''],
    ['a blank array', ['', '   ']],
    ['one passport line', TD3[0]],
    ['a line 2 one character short', [TD3[0], TD3[1]?.slice(0, 43)]],
    ['two lines of different lengths', [TD3[0], TD3[1]?.slice(0, 36)]],
    ['two lines of 30', ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6']],
    ['three lines with a 44-character one', ['I<UTOD231458907<<<<<<<<<<<<<<<', TD3[1], 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<']],
    ['four lines', [...TD3, ...TD3]],
  ])('rejects %s without throwing', (_label, input) => {
    const result = parseMrz(input as string | string[]);
    expect(result).toMatchObject({ valid: false, format: null, fields: null, checks: [], failedChecks: [] });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/expected 3 lines of 30/);
  });

  it('tells a visa from a passport by its first character', () => {
    expect(parseMrz(TD3).format).toBe('TD3');
    expect(parseMrz(['V' + TD3[0]?.slice(1), TD3[1] ?? '']).format).toBe('MRVA');
  });

  it('accepts one string with CRLF, surrounding spaces and lower case', () => {
    const messy = `  ${TD3[0]?.toLowerCase()}   \r\n${TD3[1]?.toLowerCase()}  \r\n`;
    const result = parseMrz(messy);
    expect(result.valid).toBe(true);
    expect(result.fields).toEqual(parseMrz(TD3).fields);
  });
});

describe('parseMrz checks', () => {
  it('lists every check digit of a TD3 in order', () => {
    const result = parseMrz(TD3);
    expect(result.checks.map((c) => [c.name, c.expected, c.actual, c.valid])).toEqual([
      ['document_number', '6', '6', true],
      ['birth_date', '2', '2', true],
      ['expiry_date', '9', '9', true],
      ['optional_data', '1', '1', true],
      ['composite', '0', '0', true],
    ]);
  });

  it('fails the expiry and composite checks for an OCR letter O in the expiry date', () => {
    const line2 = TD3[1]?.replace('F1204159', 'F12O4159') ?? '';
    const result = parseMrz([TD3[0] ?? '', line2]);
    expect(result.valid).toBe(false);
    expect(result.failedChecks).toEqual(['expiry_date', 'composite']);
    expect(result.fields?.expiryDate).toBe('12O415');
    expect(result.problems).toContain("expiry_date '12O415' is not a YYMMDD date");
  });

  it('reports a wrong digit as printed against recomputed', () => {
    const line2 = TD3[1]?.replace('7408122', '7408123') ?? '';
    const result = parseMrz([TD3[0] ?? '', line2]);
    expect(result.problems).toContain('check digit of birth_date is 3, expected 2');
  });

  it('rejects a filler as the check digit of a non-empty personal number', () => {
    const line2 = TD3[1]?.replace('<<<<<10', '<<<<<<0') ?? '';
    const result = parseMrz([TD3[0] ?? '', line2]);
    expect(result.failedChecks).toContain('optional_data');
  });

  it('checks a TD1 document number that overflows into the optional data', () => {
    const result = parseMrz([
      'I<UTOD23145890<7349<<<<<<<<<<<',
      '7408122F1204159UTO<<<<<<<<<<<6',
      'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    ]);
    expect(result.problems).toEqual([]);
    expect(result.fields).toMatchObject({ documentNumber: 'D23145890734', optionalData: '', optionalData2: '' });
    expect(result.checks[0]).toEqual({ name: 'document_number', valid: true, expected: '9', actual: '9' });
  });

  it('fails an overflowing TD1 document number whose digit is wrong', () => {
    const result = parseMrz([
      'I<UTOD23145890<7348<<<<<<<<<<<',
      '7408122F1204159UTO<<<<<<<<<<<6',
      'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    ]);
    expect(result.failedChecks).toEqual(['document_number', 'composite']);
  });

  it('has no composite on visas', () => {
    const result = parseMrz(['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<']);
    expect(result.format).toBe('MRVB');
    expect(result.checks.map((c) => c.name)).toEqual(['document_number', 'birth_date', 'expiry_date']);
  });

  it('flags characters outside the MRZ set even when the digits pass', () => {
    const result = parseMrz([TD3[0]?.replace('ANNA<MARIA', 'ANNA MARIA') ?? '', TD3[1] ?? '']);
    expect(result.valid).toBe(false);
    expect(result.failedChecks).toEqual([]);
    expect(result.problems[0]).toMatch(/^line 1 contains characters outside/);
  });

  it('maps a filler sex to X and rejects an unknown sex code', () => {
    const filler = parseMrz([TD3[0] ?? '', TD3[1]?.replace('2F120', '2<120') ?? '']);
    expect(filler.fields?.sex).toBe('X');
    expect(filler.valid).toBe(true);
    const unknown = parseMrz([TD3[0] ?? '', TD3[1]?.replace('2F120', '2Q120') ?? '']);
    expect(unknown.fields?.sex).toBe('X');
    expect(unknown.problems).toContain("sex is 'Q', expected M, F, X or <");
  });
});

describe('mrzDateToIso', () => {
  it.each([
    ['740812', 'birth', '1974-08-12'],
    ['050101', 'birth', '2005-01-01'],
    ['260501', 'birth', '2026-05-01'], // born today
    ['260502', 'birth', '1926-05-02'], // tomorrow cannot be a birth date
    ['000229', 'birth', '2000-02-29'],
    ['300101', 'expiry', '2030-01-01'],
    ['961210', 'expiry', '1996-12-10'],
    ['760101', 'expiry', '2076-01-01'],
    ['770101', 'expiry', '1977-01-01'],
    ['991340', 'birth', null],
    ['991340', 'expiry', null],
    ['270230', 'expiry', null],
    ['270229', 'expiry', null],
    ['740800', 'birth', null],
    ['74O812', 'birth', null],
    ['7408<<', 'birth', null],
  ] as const)('reads %s as a %s date: %s', (yymmdd, kind, iso) => {
    expect(mrzDateToIso(yymmdd, kind, TODAY)).toBe(iso);
  });

  it('returns null for an invalid reference date', () => {
    expect(mrzDateToIso('740812', 'birth', new Date(Number.NaN))).toBeNull();
  });
});
