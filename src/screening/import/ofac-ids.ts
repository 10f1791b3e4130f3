import type { CryptoAddress, EntityIdentifier } from '../entity.js';
import { listCountry } from './list-country.js';

/**
 * OFAC identifier labels → EntityIdentifier.type. The same labels appear as `idType` in
 * sdn.xml and as the lead words of a Remarks item in sdn.csv ("Passport A123 (Iraq)"), where
 * only a known label tells where the label ends and the number begins. Measured on the 2021,
 * 2024 and consolidated files: these cover every identifier label used more than a few times.
 */
const TYPES: Record<string, readonly string[]> = {
  passport: ['Passport', 'Diplomatic Passport', 'Travel Document Number', 'Stateless Person Passport', 'Passport Booklet:'],
  national_id: [
    'National ID No.', 'Cedula No.', 'C.U.R.P.', 'C.U.R.P. #', 'D.N.I.', 'Identification Number', 'Personal ID Card',
    'Kenyan ID No.', 'Turkish Identification Number', 'Numero de Identidad', "Citizen's Card Number", 'SSN',
    'Tazkira National ID Card', 'National Foreign ID Number', 'Birth Certificate Number', 'Credencial electoral', 'I.F.E.',
    'Electoral Registry No.', 'Residency Number', 'Refugee ID Card', 'UAE Identification', 'Immigration No.',
    'Public Security and Immigration No.', 'C.U.I.P.', 'Identity Card', 'Kenya ID',
  ],
  driving_license: ["Driver's License No."],
  tax_id: [
    'Tax ID No.', 'R.F.C.', 'R.F.C. #', 'RFC', 'NIT #', 'RUC #', 'V.A.T. Number', 'RIF #', 'Italian Fiscal Code',
    'Italian Fiscal Code:', 'US FEIN', 'C.U.I.T.', 'C.U.I.', 'C.I.F.', 'RTN', 'Numero Unico de Identificacao Tributaria (NUIT)',
  ],
  registration: [
    'Registration Number', 'Registration ID', 'Government Gazette Number', 'Business Registration Number', 'Folio Mercantil No.',
    'Company Number', 'Commercial Registry Number', 'Unified Social Credit Code (USCC)', 'United Social Credit Code Certificate (USCCC)',
    'Matricula Mercantil No', 'C.R. No.', 'Trade License No.', 'Economic Register Number (CBLS)', 'Chamber of Commerce Number',
    'Business Registration Document #', 'Public Registration Number', 'Central Registration System Number',
    'Istanbul Chamber of Comm. No.', 'Business Number', 'UK Company Number', 'Enterprise Number', 'Registered Charity No.',
    'Branch Unit Number', 'Dubai Chamber of Commerce Membership No.', 'Certificate of Incorporation Number', 'Romanian C.R.',
    'Organization Code', 'License', 'Permit Number', 'SRE Permit No.', 'Afghan Money Service Provider License Number',
  ],
  lei: ['Legal Entity Number', 'LE Number'],
  swift: ['SWIFT/BIC'],
  duns: ['D-U-N-S Number'],
  isin: ['ISIN'],
  imo: ['Vessel Registration Identification'],
  mmsi: ['MMSI'],
  call_sign: ['Other Vessel Call Sign'],
  aircraft_serial: [
    "Aircraft Manufacturer's Serial Number (MSN)", 'Aircraft Construction Number (also called L/N or S/N or F/N)',
    'Aircraft Serial Identification',
  ],
  aircraft_tail: ['Aircraft Tail Number'],
  email: ['Email Address'],
  website: ['Website'],
  phone: ['Phone Number', 'Telephone', 'Telephone No.', 'Telephone:', 'PHONE'],
  other: ['BIK (RU)', 'Aircraft Mode S Transponder Code', 'Pilot License Number', 'VisaNumberID', 'Cartilla de Servicio Militar Nacional', 'File Number', 'Serial No.'],
};

const BY_LABEL = new Map<string, string>();
/** Labels by first word, longest first, so "Registration Number" never eats "Registration ID". */
const BY_FIRST_WORD = new Map<string, string[]>();
for (const [type, labels] of Object.entries(TYPES)) {
  for (const label of labels) {
    BY_LABEL.set(label, type);
    const word = label.split(' ', 1)[0] ?? label;
    BY_FIRST_WORD.set(word, [...(BY_FIRST_WORD.get(word) ?? []), label].sort((a, b) => b.length - a.length));
  }
}

const IMO = /^IMO\s+(\d{7})\b/;
const CRYPTO = /^Digital Currency Address - ([A-Za-z0-9]+)\s*$/;
/** `NUMBER (Country) issued … expires …`: the country in parentheses, dates after it ignored. */
const VALUE_COUNTRY = /^(.*?)\s*\(([^()]*)\)(?:\s.*)?$/;
const LOOKS_LIKE_ID = /\b(?:number|no\.?|id|#)$/i;

/** The identifier for an explicit label and value (sdn.xml `idType` / `idNumber` / `idCountry`). */
export function identifierFor(label: string, value: string, country?: string | null): EntityIdentifier | null {
  const clean = label.trim();
  const type = BY_LABEL.get(clean) ?? (LOOKS_LIKE_ID.test(clean) ? 'other' : null);
  if (!type || !value.trim()) return null;
  const imo = IMO.exec(value.trim());
  const id: EntityIdentifier = imo?.[1] ? { type: 'imo', value: imo[1] } : { type, value: value.trim() };
  const code = listCountry(country);
  if (code) id.country = code;
  return id;
}

/** The identifier in a Remarks item such as `Passport A123 (Iraq) expires 2020`; null if none. */
export function identifierInRemark(item: string): EntityIdentifier | null {
  const space = item.indexOf(' ');
  const labels = space > 0 ? BY_FIRST_WORD.get(item.slice(0, space)) : undefined;
  const label = labels?.find((l) => item.startsWith(l) && item.charAt(l.length) === ' ');
  if (!label) return null;
  const rest = item.slice(label.length + 1).replace(/^[:#]\s*/, '');
  const withCountry = VALUE_COUNTRY.exec(rest);
  const value = (withCountry?.[1] ?? rest.replace(/\s+(?:issued|expires)\s.*$/, '')).trim();
  return identifierFor(label, value, withCountry?.[2]);
}

/** A crypto address from an OFAC label `Digital Currency Address - XBT` and its value. */
export function cryptoFor(label: string, value: string): CryptoAddress | null {
  const m = CRYPTO.exec(label.trim());
  const address = value.trim().replace(/\.$/, '');
  return m?.[1] && address ? { currency: m[1].toUpperCase(), address } : null;
}
