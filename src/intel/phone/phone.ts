import { isSupportedCountry, parsePhoneNumberWithError, validatePhoneNumberLength, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { VigilError } from '../../core/errors.js';
import { IntelErrors } from '../errors.js';

/**
 * Phone numbers through libphonenumber's full ("max") metadata, the only build that knows number
 * types: a mobile, a landline and a VoIP range look alike to the cheaper builds, and the type is
 * the signal onboarding wants. The number is personal data, so no error carries it: failures
 * name a reason, and at most the masked form.
 */
export type PhoneType =
  | 'mobile'
  | 'fixed_line'
  | 'fixed_line_or_mobile'
  | 'voip'
  | 'toll_free'
  | 'premium_rate'
  | 'shared_cost'
  | 'personal_number'
  | 'pager'
  | 'uan'
  | 'voicemail'
  | 'unknown';

export interface PhoneInfo {
  e164: string;
  /** ISO 3166-1 alpha-2; null for non-geographic numbers such as +800 freephone. */
  country: string | null;
  type: PhoneType;
  valid: true;
}

export type PhoneInvalidReason =
  | 'input_too_long'
  | 'not_a_number'
  | 'country_unknown'
  | 'too_short'
  | 'too_long'
  | 'invalid_length'
  | 'has_extension'
  | 'invalid_for_country'
  | 'cannot_receive_sms';

/** Longer input is not a phone number, and parsing it would only cost time. */
export const MAX_PHONE_INPUT_LENGTH = 64;

const REASON_TEXT: Record<PhoneInvalidReason, string> = {
  input_too_long: `is longer than ${MAX_PHONE_INPUT_LENGTH} characters`,
  not_a_number: 'is not a phone number',
  country_unknown: 'has no recognisable country calling code',
  too_short: 'is too short',
  too_long: 'is too long',
  invalid_length: 'has a length no number in its country has',
  has_extension: 'has an extension, which cannot receive text messages',
  invalid_for_country: 'is not a valid number for its country',
  cannot_receive_sms: 'is a toll-free, premium-rate, shared-cost, pager or voicemail number, which cannot receive the verification text message',
};

/** Number types no text message reaches: the sign-up's SMS verification could never succeed. */
const NO_SMS: ReadonlySet<PhoneType> = new Set(['toll_free', 'premium_rate', 'shared_cost', 'uan', 'voicemail', 'pager']);

const PARSE_REASONS = new Map<string, PhoneInvalidReason>([
  ['NOT_A_NUMBER', 'not_a_number'],
  ['INVALID_COUNTRY', 'country_unknown'],
  ['TOO_SHORT', 'too_short'],
  ['TOO_LONG', 'too_long'],
  ['INVALID_LENGTH', 'invalid_length'],
]);

/** Parses national or international input; `defaultCountry` (alpha-2) applies to national input only. */
export function parsePhone(input: string, defaultCountry?: string): PhoneInfo {
  if (input.length > MAX_PHONE_INPUT_LENGTH) throw invalid('input_too_long');
  const parsed = parseStrict(input, countryOrUndefined(defaultCountry));
  const lengthProblem = validatePhoneNumberLength(parsed.number);
  if (lengthProblem) throw invalid(PARSE_REASONS.get(lengthProblem) ?? 'invalid_length');
  if (parsed.ext) throw invalid('has_extension');
  if (!parsed.isValid()) throw invalid('invalid_for_country', { phone: maskPhone(parsed.number), country: countryPointedTo(parsed) });
  const raw = parsed.getType();
  const type = raw ? (raw.toLowerCase() as PhoneType) : 'unknown';
  if (NO_SMS.has(type)) throw invalid('cannot_receive_sms', { phone: maskPhone(parsed.number), type, country: countryPointedTo(parsed) });
  return { e164: parsed.number, country: parsed.country ?? null, type, valid: true };
}

/** "+447400123456" → "+44••••••••56": calling code and last two digits, never more. */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const code = callingCodeOf(e164);
  const rest = digits.slice(code.length);
  if (rest.length <= 4) return `+${code}${'•'.repeat(rest.length)}`;
  return `+${code}${'•'.repeat(rest.length - 2)}${rest.slice(-2)}`;
}

function parseStrict(input: string, defaultCountry: CountryCode | undefined): PhoneNumber {
  try {
    // extract: false, or "call me on +44 …" would pass as a number.
    return parsePhoneNumberWithError(input, { defaultCountry, extract: false });
  } catch (err) {
    throw invalid(PARSE_REASONS.get(err instanceof Error ? err.message : '') ?? 'not_a_number');
  }
}

/**
 * The country a number names, for errors. The library assigns a country only to a valid number;
 * for an invalid one it still knows the countries its calling code serves whose numbers can be
 * that long, the code's main country first (+44 → GB before GG, IM, JE; +1 → US), so the first
 * of those is what the number points to. Null for non-geographic codes (+800, +882).
 */
function countryPointedTo(parsed: PhoneNumber): string | null {
  return parsed.country ?? parsed.getPossibleCountries()[0] ?? null;
}

function countryOrUndefined(country: string | undefined): CountryCode | undefined {
  const upper = country?.trim().toUpperCase();
  return upper && isSupportedCountry(upper) ? upper : undefined;
}

/** The calling code when the number parses; otherwise none, so the mask reveals nothing extra. */
function callingCodeOf(e164: string): string {
  try {
    return parsePhoneNumberWithError(e164, { extract: false }).countryCallingCode;
  } catch {
    return '';
  }
}

function invalid(reason: PhoneInvalidReason, context: Record<string, unknown> = {}): VigilError {
  return new VigilError(IntelErrors.INTEL_PHONE_INVALID, `The phone number ${REASON_TEXT[reason]}`, { reason, ...context });
}
