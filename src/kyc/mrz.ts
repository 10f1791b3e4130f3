/**
 * Machine-readable zone (ICAO Doc 9303) parser. Pure: no I/O, no clock, never throws on bad input.
 *
 * Steps:
 *   1. Normalise: split on any line break, trim each line, upper-case, drop blank lines.
 *   2. Detect the layout from line count and length: TD1 3×30, TD2 2×36, TD3 2×44; a leading 'V'
 *      on a 2-line zone makes it a visa (MRV-B 2×36, MRV-A 2×44). Anything else is rejected.
 *   3. Slice the fields at the layout's fixed positions (Doc 9303 parts 4–7). On TD1 and TD2 a
 *      document number longer than 9 characters continues in the optional-data field.
 *   4. Recompute every check digit the layout defines (7-3-1 weights, '<' = 0, A–Z = 10–35),
 *      composite last. OCR look-alikes ('O' for '0') are never corrected: they must fail.
 *   5. Check structure the digits cannot: character set, sex code, plausible YYMMDD dates.
 *   6. `valid` is true only when there is no problem at all.
 */

export type MrzFormat = 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB';
export type MrzCheckName = 'document_number' | 'birth_date' | 'expiry_date' | 'optional_data' | 'composite';

export interface MrzCheck {
  name: MrzCheckName;
  valid: boolean;
  /** The digit recomputed from the data ('?' when the data holds characters outside the MRZ set). */
  expected: string;
  /** The character printed in the check-digit position. */
  actual: string;
}

export interface MrzFields {
  documentType: string;
  issuer: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD as printed; resolve the century with `mrzDateToIso`. */
  birthDate: string;
  sex: 'M' | 'F' | 'X';
  expiryDate: string;
  optionalData: string;
  /** TD1 only: the optional-data field of line 2. */
  optionalData2?: string;
}

export interface MrzResult {
  valid: boolean;
  format: MrzFormat | null;
  fields: MrzFields | null;
  checks: MrzCheck[];
  failedChecks: MrzCheckName[];
  problems: string[];
}

const FILLER = '<';
const MRZ_CHARS = /[^A-Z0-9<]/g;

/** A data string and the character printed as its check digit. */
interface Checked {
  data: string;
  digit: string;
}

/** The zone cut into raw (still filler-padded) pieces, independent of the layout it came from. */
interface RawZone {
  documentType: string;
  issuer: string;
  name: string;
  documentNumber: Checked;
  nationality: string;
  birthDate: Checked;
  sex: string;
  expiryDate: Checked;
  optionalData: string;
  optionalData2?: string;
  optionalCheck?: Checked;
  composite?: Checked;
}

export function parseMrz(input: string | string[]): MrzResult {
  const lines = normaliseLines(input);
  const format = detectFormat(lines);
  if (format === null) {
    return { valid: false, format: null, fields: null, checks: [], failedChecks: [], problems: [layoutProblem(lines)] };
  }
  const zone = format === 'TD1' ? readTd1(lines) : readTwoLine(format, lines);
  const checks = runChecks(zone);
  const failed = checks.filter((c) => !c.valid);
  const problems = [
    ...failed.map((c) => `check digit of ${c.name} is ${c.actual}, expected ${c.expected}`),
    ...structuralProblems(lines, zone),
  ];
  return {
    valid: problems.length === 0,
    format,
    fields: toFields(zone),
    checks,
    failedChecks: failed.map((c) => c.name),
    problems,
  };
}

/** ICAO 9303-3 §4.9 check digit; null when `data` holds a character the MRZ cannot contain. */
export function mrzCheckDigit(data: string): number | null {
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const value = charValue(data.charCodeAt(i));
    if (value === null) return null;
    sum += value * (i % 3 === 0 ? 7 : i % 3 === 1 ? 3 : 1);
  }
  return sum % 10;
}

/**
 * Resolves a printed YYMMDD to an ISO date, or null for a non-date (month 13, Feb 30, fillers).
 * Birth dates take the latest century that does not put them after `today`. Expiry dates take the
 * century that lands them in (today − 50 years, today + 50 years]: a current document expires at
 * most about ten years ahead, yet long-expired documents are still presented and must read as past,
 * and two digits can only ever span a hundred years, so the window is split evenly around today.
 */
export function mrzDateToIso(yymmdd: string, kind: 'birth' | 'expiry', today: Date): string | null {
  if (!/^\d{6}$/.test(yymmdd) || Number.isNaN(today.getTime())) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) return null;
  const year = kind === 'birth' ? birthYear(yy, month, day, today) : expiryYear(yy, today);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function charValue(code: number): number | null {
  if (code === 60) return 0; // '<'
  if (code >= 48 && code <= 57) return code - 48; // '0'–'9'
  if (code >= 65 && code <= 90) return code - 55; // 'A'–'Z' → 10–35
  return null;
}

function normaliseLines(input: string | string[]): string[] {
  // Callers outside TypeScript may hand us anything; a non-MRZ must come back as a result, not a throw.
  const raw: unknown[] = typeof input === 'string' ? [input] : Array.isArray(input) ? input : [];
  return raw
    .flatMap((chunk) => (typeof chunk === 'string' ? chunk.split(/\r\n|\r|\n/) : []))
    .map((line) => line.trim().toUpperCase())
    .filter((line) => line.length > 0);
}

function detectFormat(lines: string[]): MrzFormat | null {
  const [first = '', second = ''] = lines;
  if (lines.length === 3 && lines.every((line) => line.length === 30)) return 'TD1';
  if (lines.length !== 2 || first.length !== second.length) return null;
  const visa = first.startsWith('V');
  if (first.length === 44) return visa ? 'MRVA' : 'TD3';
  if (first.length === 36) return visa ? 'MRVB' : 'TD2';
  return null;
}

function layoutProblem(lines: string[]): string {
  const expected = 'expected 3 lines of 30 (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 (TD3, MRV-A)';
  if (lines.length === 0) return `MRZ is empty; ${expected}`;
  const lengths = lines.map((line) => line.length).join(', ');
  return `unrecognised MRZ layout: ${lines.length} line(s) of length ${lengths}; ${expected}`;
}

function readTd1(lines: string[]): RawZone {
  const [l1 = '', l2 = '', l3 = ''] = lines;
  const long = readDocumentNumber(l1.slice(5, 14), l1.charAt(14), l1.slice(15, 30));
  return {
    documentType: l1.slice(0, 2),
    issuer: l1.slice(2, 5),
    name: l3,
    documentNumber: long.documentNumber,
    optionalData: long.optionalData,
    birthDate: { data: l2.slice(0, 6), digit: l2.charAt(6) },
    sex: l2.charAt(7),
    expiryDate: { data: l2.slice(8, 14), digit: l2.charAt(14) },
    nationality: l2.slice(15, 18),
    optionalData2: l2.slice(18, 29),
    // Doc 9303-5 §4.2.2: upper line 6–30, middle line 1–7, 9–15 and 19–29.
    composite: { data: l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), digit: l2.charAt(29) },
  };
}

/** TD2, TD3, MRV-A and MRV-B share everything up to position 28 of line 2. */
function readTwoLine(format: Exclude<MrzFormat, 'TD1'>, lines: string[]): RawZone {
  const [l1 = '', l2 = ''] = lines;
  const common = {
    documentType: l1.slice(0, 2),
    issuer: l1.slice(2, 5),
    name: l1.slice(5),
    documentNumber: { data: l2.slice(0, 9), digit: l2.charAt(9) },
    nationality: l2.slice(10, 13),
    birthDate: { data: l2.slice(13, 19), digit: l2.charAt(19) },
    sex: l2.charAt(20),
    expiryDate: { data: l2.slice(21, 27), digit: l2.charAt(27) },
  };
  // Composites (parts 4 and 6): positions 1–10, 14–20 and 22 up to the composite digit.
  const composite = (end: number): Checked => ({
    data: l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, end),
    digit: l2.charAt(end),
  });
  if (format === 'TD3') {
    const personal = { data: l2.slice(28, 42), digit: l2.charAt(42) };
    return { ...common, optionalData: personal.data, optionalCheck: personal, composite: composite(43) };
  }
  if (format === 'TD2') {
    const long = readDocumentNumber(l2.slice(0, 9), l2.charAt(9), l2.slice(28, 35));
    return { ...common, ...long, composite: composite(35) };
  }
  return { ...common, optionalData: l2.slice(28) }; // visas carry no optional or composite digit
}

/**
 * Doc 9303-5 and -6 note j: a number longer than 9 characters puts '<' where its check digit
 * would be, then continues at the start of the optional data, followed by its check digit and a
 * filler. The digit covers the whole number, not the '<' between the two pieces.
 */
function readDocumentNumber(principal: string, digit: string, optional: string): { documentNumber: Checked; optionalData: string } {
  if (digit !== FILLER || optional.startsWith(FILLER) || optional.length === 0) {
    return { documentNumber: { data: principal, digit }, optionalData: optional };
  }
  const filler = optional.indexOf(FILLER);
  const end = filler === -1 ? optional.length : filler;
  return {
    documentNumber: { data: principal + optional.slice(0, end - 1), digit: optional.charAt(end - 1) },
    optionalData: optional.slice(end + 1),
  };
}

function runChecks(zone: RawZone): MrzCheck[] {
  const checks = [
    check('document_number', zone.documentNumber),
    check('birth_date', zone.birthDate),
    check('expiry_date', zone.expiryDate),
  ];
  if (zone.optionalCheck) checks.push(check('optional_data', zone.optionalCheck, true));
  if (zone.composite) checks.push(check('composite', zone.composite));
  return checks;
}

/** Doc 9303-4 note: an empty personal-number field may carry '<' as well as '0' for its digit. */
function check(name: MrzCheckName, { data, digit }: Checked, fillerIfEmpty = false): MrzCheck {
  const computed = mrzCheckDigit(data);
  const expected = computed === null ? '?' : String(computed);
  const emptyWithFiller = fillerIfEmpty && digit === FILLER && /^<*$/.test(data);
  return { name, valid: digit === expected || emptyWithFiller, expected, actual: digit };
}

function structuralProblems(lines: string[], zone: RawZone): string[] {
  const problems: string[] = [];
  lines.forEach((line, i) => {
    const bad = line.match(MRZ_CHARS);
    if (bad) problems.push(`line ${i + 1} contains characters outside A-Z, 0-9 and '<': ${[...new Set(bad)].join(' ')}`);
  });
  if (!/^[MFX<]$/.test(zone.sex)) problems.push(`sex is '${zone.sex}', expected M, F, X or <`);
  // Doc 9303-3 lets an unknown part of a birth date be printed as '<<'; expiry dates have no such rule.
  if (!isPlausibleDate(zone.birthDate.data, true)) problems.push(`birth_date '${zone.birthDate.data}' is not a YYMMDD date`);
  if (!isPlausibleDate(zone.expiryDate.data, false)) problems.push(`expiry_date '${zone.expiryDate.data}' is not a YYMMDD date`);
  return problems;
}

function isPlausibleDate(yymmdd: string, allowUnknownParts: boolean): boolean {
  const parts = [yymmdd.slice(0, 2), yymmdd.slice(2, 4), yymmdd.slice(4, 6)];
  const known = (part: string): boolean => /^\d\d$/.test(part);
  if (!parts.every((part) => known(part) || (allowUnknownParts && part === '<<'))) return false;
  const [yy = '', mm = '', dd = ''] = parts;
  // The century is unknown here, so any year divisible by four may hold 29 February.
  const year = known(yy) ? 2000 + Number(yy) : 2000;
  const month = known(mm) ? Number(mm) : 1;
  if (month < 1 || month > 12) return false;
  const lastDay = known(mm) ? daysInMonth(year, month) : 31;
  return !known(dd) || (Number(dd) >= 1 && Number(dd) <= lastDay);
}

function toFields(zone: RawZone): MrzFields {
  const separator = zone.name.indexOf('<<');
  const surname = separator === -1 ? zone.name : zone.name.slice(0, separator);
  const givenNames = separator === -1 ? '' : zone.name.slice(separator + 2);
  const fields: MrzFields = {
    documentType: stripFillers(zone.documentType),
    issuer: stripFillers(zone.issuer),
    surname: fillersToSpaces(surname),
    givenNames: fillersToSpaces(givenNames),
    documentNumber: stripFillers(zone.documentNumber.data),
    nationality: stripFillers(zone.nationality),
    birthDate: zone.birthDate.data,
    sex: zone.sex === 'M' || zone.sex === 'F' ? zone.sex : 'X',
    expiryDate: zone.expiryDate.data,
    optionalData: stripFillers(zone.optionalData),
  };
  if (zone.optionalData2 !== undefined) fields.optionalData2 = stripFillers(zone.optionalData2);
  return fields;
}

function stripFillers(value: string): string {
  return value.replace(/<+$/, '');
}

function fillersToSpaces(value: string): string {
  return value.replace(/<+/g, ' ').trim();
}

function birthYear(yy: number, month: number, day: number, today: Date): number {
  const year = centuryOf(today) + yy;
  const printed = year * 10_000 + month * 100 + day;
  const now = today.getUTCFullYear() * 10_000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  return printed > now ? year - 100 : year;
}

function expiryYear(yy: number, today: Date): number {
  const current = today.getUTCFullYear();
  const year = centuryOf(today) + yy;
  if (year > current + 50) return year - 100;
  if (year <= current - 50) return year + 100;
  return year;
}

function centuryOf(date: Date): number {
  return Math.floor(date.getUTCFullYear() / 100) * 100;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
