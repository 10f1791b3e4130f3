import { isVigilError, VigilError } from '../core/errors.js';
import { parseEmail } from '../intel/email/email-address.js';
import { CustomerErrors } from './errors.js';

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/**
 * Codes CLDR names that are not ISO 3166-1 countries: groupings (EU, EZ, UN, QO), the
 * exceptionally reserved UK and others, codes withdrawn long ago (SU, YU, CS, DD, AN, ZR …) and
 * CLDR's private ones. Kosovo's XK stays: every list and most banks use it.
 */
const NOT_ISO = new Set(['AC', 'AN', 'BU', 'CP', 'CQ', 'CS', 'DD', 'DG', 'DY', 'EA', 'EU', 'EZ', 'FX', 'HV', 'IC', 'NH', 'QO', 'RH', 'SU', 'TA', 'TP', 'UK', 'UN', 'VD', 'XA', 'XB', 'YD', 'YU', 'ZR', 'ZZ']);

/** ISO 3166-1 alpha-2 codes (and XK, Kosovo); "XX", "UK" and "EU" are not countries. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_ISO.has(code) && regions.of(code) !== undefined;
}

/**
 * A country a person typed (a sign-up form's): upper-cased, and UK read as GB, the United
 * Kingdom's ISO code, which people write UK far more often. Throws like checkCountry otherwise.
 */
export function typedCountry(code: string, field: string): string {
  const upper = code.trim().toUpperCase();
  const country = upper === 'UK' ? 'GB' : upper;
  checkCountry(country, field);
  return country;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function checkCountry(country: string, field = 'country'): void {
  if (!isCountryCode(country)) {
    const hint = country === 'UK' ? ' (the United Kingdom is GB)' : '';
    throw new VigilError(CustomerErrors.CUSTOMER_DATA_INVALID, `${field} must be an ISO 3166-1 alpha-2 code such as DE, got "${country}"${hint}`, { field });
  }
}

export function checkBirthDate(birthDate: string, now: Date): void {
  if (!isIsoDate(birthDate)) {
    throw new VigilError(CustomerErrors.CUSTOMER_DATA_INVALID, 'birthDate must be a real date written YYYY-MM-DD', { field: 'birthDate' });
  }
  const year = Number(birthDate.slice(0, 4));
  if (birthDate > now.toISOString().slice(0, 10) || year < 1900) {
    throw new VigilError(CustomerErrors.CUSTOMER_DATA_INVALID, 'birthDate must lie between 1900 and today', { field: 'birthDate' });
  }
}

/**
 * An address mail can reach, by the same rules as the sign-up gate's email check (syntax, a
 * special-use or non-existent top-level domain): a customer created or changed directly must not
 * carry an address the gate would have refused. Disposable domains are the gate's judgement, not
 * invalid data, so they are not refused here.
 */
export function checkEmail(email: string, field = 'email'): void {
  try {
    parseEmail(email);
  } catch (err) {
    if (!isVigilError(err)) throw err;
    throw new VigilError(CustomerErrors.CUSTOMER_DATA_INVALID, `${field}: ${err.message}`, { field, ...err.context });
  }
}
