/**
 * Automatic checks on uploaded KYC documents, run before a person reviews them. Pure: no I/O, no
 * clock (the caller passes `today`). A failing check is a result, never a throw; `passed` means
 * no check failed (`not_applicable` does not fail).
 *
 * Dates are calendar days in UTC, as in `mrzDateToIso`. Check texts never hold personal data
 * (names, birth dates, document numbers): callers store them in decisions and audit records, which
 * hold no PII. The values themselves come back in `extracted`, for the vault.
 *
 * Identity documents: the MRZ, when given, is the authority for names and dates; the customer's
 * `expiryDate` is used only when the MRZ gives none. A birth date printed in the MRZ as YYMMDD takes
 * its century from the profile when the six digits agree, otherwise from `mrzDateToIso`. A minor
 * born on 29 February turns a year older on 1 March in common years (the later of the two legal
 * readings, so the age check never admits anyone a day early).
 */
import { type MrzFields, type MrzFormat, type MrzResult, mrzDateToIso, parseMrz } from './mrz.js';

export type CheckStatus = 'pass' | 'fail' | 'not_applicable';

export interface DocumentCheck {
  code: string;
  status: CheckStatus;
  text: string;
}

export type IdentityDocumentKind = 'passport' | 'national_id' | 'driving_licence' | 'residence_permit' | 'visa';

export interface IdentityDocumentInput {
  kind: IdentityDocumentKind;
  /** The MRZ text when the document has one (typed in by the customer or read by OCR elsewhere). */
  mrz?: string;
  /** YYYY-MM-DD, used when the MRZ gives no expiry date. */
  expiryDate?: string;
  profile: { fullName: string; birthDate?: string };
  today: Date;
  policy: { minimumAge: number };
}

/** What the document says, for the vault; null where the document does not say it. */
export interface ExtractedIdentity {
  documentNumber: string | null;
  nationality: string | null;
  issuer: string | null;
  birthDate: string | null;
  expiryDate: string | null;
  names: { surname: string; givenNames: string } | null;
}

export interface DocumentChecksResult {
  checks: DocumentCheck[];
  passed: boolean;
}

export interface IdentityDocumentResult extends DocumentChecksResult {
  extracted: ExtractedIdentity;
}

/** The ICAO layouts each kind is issued in; driving licences follow ISO 18013, not Doc 9303. */
const LAYOUTS: Record<IdentityDocumentKind, readonly MrzFormat[] | null> = {
  passport: ['TD3'],
  visa: ['MRVA', 'MRVB'],
  national_id: ['TD1', 'TD2'],
  residence_permit: ['TD1', 'TD2'],
  driving_licence: null,
};

interface ReadMrz {
  result: MrzResult;
  fields: MrzFields | null;
  /** The name field is full to its last position, so the last name may have been cut short. */
  nameTruncated: boolean;
}

export function checkIdentityDocument(input: IdentityDocumentInput): IdentityDocumentResult {
  const mrz = readMrz(input);
  const fields = mrz?.fields ?? null;
  const profileBirth = parseIsoDate(input.profile.birthDate);
  const documentBirth = fields ? resolveBirthDate(fields.birthDate, profileBirth, input.today) : null;
  const mrzExpiry = fields ? mrzDateToIso(fields.expiryDate, 'expiry', input.today) : null;
  const expiry = mrzExpiry ?? parseIsoDate(input.expiryDate);
  const checks = [
    mrzValidCheck(input.kind, mrz),
    layoutCheck(input.kind, mrz),
    expiryCheck(expiry, input.today),
    ageCheck(documentBirth ?? profileBirth, input.today, input.policy.minimumAge),
    nameCheck(mrz, input.profile.fullName),
    birthDateMatchCheck(fields, input.profile.birthDate),
  ];
  const extracted: ExtractedIdentity = {
    documentNumber: fields?.documentNumber || null,
    nationality: fields?.nationality || null,
    issuer: fields?.issuer || null,
    birthDate: documentBirth,
    expiryDate: expiry,
    names: fields ? { surname: fields.surname, givenNames: fields.givenNames } : null,
  };
  return { checks, passed: allPassed(checks), extracted };
}

/** Driving licences are never read as ICAO MRZs: their ISO 18013 zone is a different format. */
function readMrz(input: IdentityDocumentInput): ReadMrz | null {
  const text = input.mrz?.trim() ?? '';
  if (text === '' || LAYOUTS[input.kind] === null) return null;
  const result = parseMrz(text);
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim().toUpperCase()).filter((l) => l !== '');
  const nameLine = (result.format === 'TD1' ? lines[2] : lines[0]) ?? '';
  return { result, fields: result.fields, nameTruncated: !nameLine.endsWith('<') };
}

function mrzValidCheck(kind: IdentityDocumentKind, mrz: ReadMrz | null): DocumentCheck {
  const code = 'MRZ_VALID';
  if (LAYOUTS[kind] === null) return { code, status: 'not_applicable', text: 'driving licences carry no ICAO 9303 MRZ' };
  if (mrz === null) {
    // Doc 9303 made passports machine-readable; the last non-machine-readable ones expired in 2015.
    if (kind === 'passport') return { code, status: 'fail', text: 'every valid passport has an MRZ, but none was supplied' };
    return { code, status: 'not_applicable', text: 'no MRZ was supplied' };
  }
  const { result } = mrz;
  if (result.valid) return { code, status: 'pass', text: `the ${result.format ?? ''} MRZ is well formed and every check digit matches` };
  if (result.format === null) return { code, status: 'fail', text: result.problems.join('; ') };
  const parts: string[] = [];
  if (result.failedChecks.length > 0) parts.push(`check digits do not match: ${result.failedChecks.join(', ')}`);
  const structural = result.problems.length - result.failedChecks.length;
  // The structural messages quote the zone's content, so only their number is reported here.
  if (structural > 0) parts.push(`${structural} structural problem(s) in characters, sex code or dates`);
  return { code, status: 'fail', text: parts.join('; ') };
}

function layoutCheck(kind: IdentityDocumentKind, mrz: ReadMrz | null): DocumentCheck {
  const code = 'MRZ_FORMAT_MATCHES_KIND';
  const allowed = LAYOUTS[kind];
  if (allowed === null) return { code, status: 'not_applicable', text: 'driving licences carry no ICAO 9303 MRZ' };
  const format = mrz?.result.format ?? null;
  if (format === null) return { code, status: 'not_applicable', text: 'no MRZ layout was recognised' };
  const label = kind.replace('_', ' ');
  if (allowed.includes(format)) return { code, status: 'pass', text: `a ${label} MRZ in the ${format} layout` };
  return { code, status: 'fail', text: `a ${label} carries a ${allowed.join(' or ')} MRZ, not ${format}` };
}

function expiryCheck(expiry: string | null, today: Date): DocumentCheck {
  const code = 'DOCUMENT_NOT_EXPIRED';
  const day = isoDay(today);
  if (expiry === null || day === null) return { code, status: 'fail', text: 'no expiry date: the MRZ gives none and no valid expiryDate was given' };
  const left = daysBetween(day, expiry);
  if (left >= 0) return { code, status: 'pass', text: left === 0 ? 'the document expires today' : `the document is valid for ${left} more day(s)` };
  return { code, status: 'fail', text: `the document expired ${-left} day(s) ago` };
}

function ageCheck(birth: string | null, today: Date, minimumAge: number): DocumentCheck {
  const code = 'MINIMUM_AGE';
  const day = isoDay(today);
  if (birth === null || day === null) return { code, status: 'fail', text: 'no birth date: neither the MRZ nor the profile gives a valid one' };
  if (birth > day) return { code, status: 'fail', text: 'the birth date is in the future' };
  if (ageOn(birth, day) < minimumAge) return { code, status: 'fail', text: `the holder is younger than the minimum age of ${minimumAge}` };
  return { code, status: 'pass', text: `the holder is at least ${minimumAge}` };
}

function nameCheck(mrz: ReadMrz | null, fullName: string): DocumentCheck {
  const code = 'NAME_MATCHES_PROFILE';
  const fields = mrz?.fields ?? null;
  if (mrz === null || fields === null) {
    return { code, status: 'not_applicable', text: 'no MRZ name to compare; a reviewer compares the printed name' };
  }
  const words = (s: string): string[] => s.split(' ').filter((w) => w !== '');
  const verdict = compareNames({ surname: words(fields.surname), given: words(fields.givenNames), truncated: mrz.nameTruncated }, fullName);
  return { code, status: verdict.matches ? 'pass' : 'fail', text: verdict.text };
}

function birthDateMatchCheck(fields: MrzFields | null, profileBirthDate: string | undefined): DocumentCheck {
  const code = 'BIRTH_DATE_MATCHES_PROFILE';
  if (fields === null || profileBirthDate === undefined) {
    return { code, status: 'not_applicable', text: 'the birth date is not known from both the MRZ and the profile' };
  }
  const profile = parseIsoDate(profileBirthDate);
  if (profile === null) return { code, status: 'fail', text: 'the profile birth date is not a valid YYYY-MM-DD date' };
  const printed = fields.birthDate;
  const mine = yymmdd(profile);
  // Doc 9303 prints an unknown day or month as '<<'; the parts that are known must agree.
  const agrees = [0, 2, 4].every((i) => printed.slice(i, i + 2) === '<<' || printed.slice(i, i + 2) === mine.slice(i, i + 2));
  if (agrees) return { code, status: 'pass', text: 'the MRZ birth date matches the profile' };
  return { code, status: 'fail', text: 'the MRZ birth date differs from the profile' };
}

export interface ProofOfAddressInput {
  kind: 'bank_statement' | 'card_statement' | 'utility_bill' | 'tax_return';
  /** YYYY-MM-DD. */
  issuedOn: string;
  today: Date;
  policy: { proofOfAddressMaxAgeDays: number };
}

export interface RegistryExtractInput {
  /** YYYY-MM-DD. */
  issuedOn: string;
  today: Date;
  policy: { registryExtractMaxAgeDays: number };
}

/** ISSUED_RECENTLY: issued no later than today and at most `proofOfAddressMaxAgeDays` before it. */
export function checkProofOfAddress(input: ProofOfAddressInput): DocumentChecksResult {
  const label = `the ${input.kind.replace('_', ' ')}`;
  const checks = [recencyCheck('ISSUED_RECENTLY', label, input.issuedOn, input.today, input.policy.proofOfAddressMaxAgeDays)];
  return { checks, passed: allPassed(checks) };
}

/** REGISTRY_EXTRACT_RECENT: the same rule with `registryExtractMaxAgeDays`. */
export function checkRegistryExtract(input: RegistryExtractInput): DocumentChecksResult {
  const { issuedOn, today, policy } = input;
  const checks = [recencyCheck('REGISTRY_EXTRACT_RECENT', 'the registry extract', issuedOn, today, policy.registryExtractMaxAgeDays)];
  return { checks, passed: allPassed(checks) };
}

function recencyCheck(code: string, label: string, issuedOn: string, today: Date, maxAgeDays: number): DocumentCheck {
  const issued = parseIsoDate(issuedOn);
  const day = isoDay(today);
  if (issued === null || day === null) return { code, status: 'fail', text: `the issue date of ${label} is not a valid YYYY-MM-DD date` };
  const age = daysBetween(issued, day);
  if (age < 0) return { code, status: 'fail', text: `${label} is dated ${-age} day(s) in the future` };
  const text = `${label} was issued ${age} day(s) ago; the limit is ${maxAgeDays}`;
  return { code, status: age <= maxAgeDays ? 'pass' : 'fail', text };
}

function allPassed(checks: DocumentCheck[]): boolean {
  return checks.every((c) => c.status !== 'fail');
}

// ── Names ─────────────────────────────────────────────────────────────────────────────────────
//
// NAME_MATCHES_PROFILE rule. The profile name is read the way Doc 9303 part 3 writes names into an
// MRZ: upper-cased; letters transliterated by the Doc 9303 table where it offers spellings
// (Ä → AE or A, Ö → OE or O, Ü → UE, U or UXX, Å → AA or A, Æ → AE, Ø → OE or O, Œ → OE, ß → SS,
// Þ → TH, Ñ → N or NXX, Ł → L, Đ/Ð → D …) and otherwise stripped of diacritics (É → E, Č → C);
// hyphens, spaces and other punctuation separate names; apostrophes are tried both omitted
// (O'NEILL → ONEILL, the Doc 9303 rule) and as a separator (O<NEILL, as some issuers print them).
// Letters outside Latin script are dropped. Then, in any order:
//   • at least one MRZ surname word and, when the MRZ has given names, one given name must be
//     found among the profile's words;
//   • every word on one side must be found on the other: a word on one side only is taken as a
//     missing middle name or second surname, but words missing on both sides are a contradiction;
//   • an MRZ given name of one letter is an initial and matches any word it begins; when the name
//     field is full, the last MRZ word may have been truncated and matches any word it begins.

const TRANSLITERATION = new Map<string, readonly string[]>([
  ['Ä', ['AE', 'A']], ['Å', ['AA', 'A']], ['Æ', ['AE']], ['Ö', ['OE', 'O']], ['Ø', ['OE', 'O']],
  ['Œ', ['OE']], ['Ü', ['UE', 'U', 'UXX']], ['Ñ', ['N', 'NXX']], ['ẞ', ['SS']], ['Þ', ['TH']],
  ['Ð', ['D']], ['Đ', ['D']], ['Ł', ['L']], ['Ħ', ['H']], ['Ŧ', ['T']], ['Ŋ', ['N']],
]);
const APOSTROPHES = /['’ʼ`´]/g;

/** A profile word as the spellings each of its letters may take in an MRZ. */
type Spelling = readonly (readonly string[])[];

interface MrzName {
  surname: string[];
  given: string[];
  truncated: boolean;
}

function compareNames(mrz: MrzName, fullName: string): { matches: boolean; text: string } {
  const upper = fullName.normalize('NFC').toUpperCase();
  const readings = [spellings(upper.replace(APOSTROPHES, '')), spellings(upper.replace(APOSTROPHES, ' '))];
  if (readings[0]?.length === 0) return { matches: false, text: 'the profile name holds no Latin letters to compare' };
  const verdicts = readings.map((words) => compareReading(mrz, words));
  return verdicts.find((v) => v.matches) ?? verdicts[0] ?? { matches: false, text: 'no name to compare' };
}

function spellings(name: string): Spelling[] {
  return name
    .split(/[^\p{L}\p{M}]+/u)
    .map((word) => [...word].map((ch) => TRANSLITERATION.get(ch) ?? [ch.normalize('NFKD').replace(/[^A-Z]/g, '')]))
    .filter((word) => word.some((options) => options.some((o) => o !== '')));
}

function compareReading(mrz: MrzName, profile: Spelling[]): { matches: boolean; text: string } {
  const words = [...mrz.surname.map((w) => ({ w, surname: true })), ...mrz.given.map((w) => ({ w, surname: false }))];
  const owner = words.map(() => -1);
  const used = new Set<number>();
  // Whole-word matches first, so that an initial or a truncated word cannot take a word that
  // another MRZ word spells out in full.
  for (const prefixPass of [false, true]) {
    words.forEach(({ w, surname }, k) => {
      const prefixOk = (mrz.truncated && k === words.length - 1) || (!surname && w.length === 1);
      if (owner[k] !== -1 || (prefixPass && !prefixOk)) return;
      const found = profile.findIndex((spelling, i) => !used.has(i) && spells(spelling, w, prefixPass));
      if (found !== -1) {
        owner[k] = found;
        used.add(found);
      }
    });
  }
  const hit = (surname: boolean): boolean => words.some((word, k) => word.surname === surname && owner[k] !== -1);
  if (!hit(true)) return { matches: false, text: 'no part of the MRZ surname appears in the profile name' };
  if (mrz.given.length > 0 && !hit(false)) return { matches: false, text: 'none of the MRZ given names appears in the profile name' };
  const onlyMrz = owner.filter((o) => o === -1).length;
  const onlyProfile = profile.length - used.size;
  if (onlyMrz > 0 && onlyProfile > 0) return { matches: false, text: 'the MRZ and the profile each hold a name the other lacks' };
  const extra = onlyMrz + onlyProfile;
  const note = extra === 0 ? '' : `; ${extra} name(s) present on one side only taken as missing middle names`;
  return { matches: true, text: `the MRZ name matches the profile name${note}` };
}

/** Whether `word` is one of the MRZ spellings of `spelling` (or, with `prefix`, begins one). */
function spells(spelling: Spelling, word: string, prefix: boolean): boolean {
  const from = (i: number, j: number): boolean => {
    if (j === word.length) return prefix || i === spelling.length;
    if (i === spelling.length) return false;
    return (spelling[i] ?? []).some((option) =>
      word.startsWith(option, j) ? from(i + 1, j + option.length) : prefix && option.startsWith(word.slice(j)),
    );
  };
  return from(0, 0);
}

// ── Dates (ISO YYYY-MM-DD strings compare correctly as strings) ─────────────────────────────

function parseIsoDate(value: string | undefined): string | null {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC rolls 2026-02-30 over into March; a real date survives the round trip.
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? value : null;
}

function isoDay(date: Date): string | null {
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** Completed years on `day`; a 29 February birthday falls on 1 March in common years. */
function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = day.split('-').map(Number) as [number, number, number];
  const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const [birthdayMonth, birthdayDay] = bm === 2 && bd === 29 && !leap(ty) ? [3, 1] : [bm, bd];
  const beforeBirthday = tm < birthdayMonth || (tm === birthdayMonth && td < birthdayDay);
  return ty - by - (beforeBirthday ? 1 : 0);
}

function yymmdd(iso: string): string {
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

function resolveBirthDate(printed: string, profile: string | null, today: Date): string | null {
  if (profile !== null && yymmdd(profile) === printed) return profile;
  return mrzDateToIso(printed, 'birth', today);
}
