import { VigilError } from '../core/errors.js';
import { CustomerErrors } from './errors.js';

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** ISO 3166-1 alpha-2 codes that CLDR knows (XK, Kosovo, included); "XX" and "ZZ" are not countries. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && code !== 'ZZ' && regions.of(code) !== undefined;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function checkCountry(country: string, field = 'country'): void {
  if (!isCountryCode(country)) {
    throw new VigilError(CustomerErrors.CUSTOMER_DATA_INVALID, `${field} must be an ISO 3166-1 alpha-2 code such as DE, got "${country}"`, { field });
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
