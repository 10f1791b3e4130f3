import { describe, expect, it } from 'vitest';
import { isVigilError, type VigilError } from '../../core/errors.js';
import { maskPhone, parsePhone, type PhoneInfo } from './phone.js';

function failure(fn: () => unknown): VigilError {
  try {
    fn();
  } catch (err) {
    if (isVigilError(err)) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('parsePhone', () => {
  it.each<[string, string, string | undefined, PhoneInfo]>([
    ['a UK mobile', '+447400123456', undefined, { e164: '+447400123456', country: 'GB', type: 'mobile', valid: true }],
    ['a US number, which US metadata cannot split into mobile or fixed', '+1 650 253 0000', undefined, { e164: '+16502530000', country: 'US', type: 'fixed_line_or_mobile', valid: true }],
    ['a German fixed line', '+49 30 901820', undefined, { e164: '+4930901820', country: 'DE', type: 'fixed_line', valid: true }],
    ['a UK 056 number, a VoIP range', '+44 56 1234 5678', undefined, { e164: '+445612345678', country: 'GB', type: 'voip', valid: true }],
    ['national format with a default country', '07400 123456', 'GB', { e164: '+447400123456', country: 'GB', type: 'mobile', valid: true }],
    ['a lower-case default country', '030 901820', 'de', { e164: '+4930901820', country: 'DE', type: 'fixed_line', valid: true }],
    ['the UK trunk prefix written after the country code', '+44 (0) 7400 123456', undefined, { e164: '+447400123456', country: 'GB', type: 'mobile', valid: true }],
    ['an international number whatever the default country', '+447400123456', 'US', { e164: '+447400123456', country: 'GB', type: 'mobile', valid: true }],
  ])('parses %s', (_name, input, country, expected) => {
    expect(parsePhone(input, country)).toEqual(expected);
  });

  it.each([
    ['garbage', 'hello', undefined, 'not_a_number'],
    ['a number inside a sentence', 'call me on +44 7400 123456', undefined, 'not_a_number'],
    ['national format without a default country', '07400 123456', undefined, 'country_unknown'],
    ['national format with an unknown default country', '07400 123456', 'XX', 'country_unknown'],
    ['an unassigned calling code', '+999 1234567', undefined, 'country_unknown'],
    ['a number that is too short', '+44123', undefined, 'too_short'],
    ['a number that is too long', '+4474001234567890', undefined, 'too_long'],
    ['a UK number of an impossible length', '+4480012345', undefined, 'invalid_length'],
    ['a number with an extension', '+44 7400 123456 ext. 12', undefined, 'has_extension'],
    ['a number in a range reserved for drama', '+44 7700 900123', undefined, 'invalid_for_country'],
    ['input over 64 characters', `+44${'1'.repeat(62)}`, undefined, 'input_too_long'],
    // No verification text message reaches these.
    ['a US toll-free number', '+1 800 555 0123', undefined, 'cannot_receive_sms'],
    ['a non-geographic +800 freephone number', '+800 1234 5678', undefined, 'cannot_receive_sms'],
    ['a UK premium-rate number', '+44 909 879 0000', undefined, 'cannot_receive_sms'],
  ])('rejects %s', (_name, input, country, reason) => {
    const err = failure(() => parsePhone(input, country));
    expect(err.code).toBe('INTEL_PHONE_INVALID');
    expect(err.kind).toBe('invalid');
    expect(err.context.reason).toBe(reason);
  });

  it.each([
    ['a UK number in a range reserved for drama', '+44 7700 900123', 'GB'],
    ['a UK number written nationally', '07700 900123', 'GB'],
    ['an unassigned US number', '+1 555 555 0123', 'US'],
    ['an Italian number of no valid range', '+39 000 0000000', 'IT'],
    ['a Norwegian number of no valid range', '+47 0000 0000', 'NO'],
    ['a number in an Anguillan area code', '+1 264 000 0000', 'AI'],
  ])('names the country %s points to when it is invalid', (_name, input, country) => {
    const err = failure(() => parsePhone(input, 'GB'));
    expect(err.context).toMatchObject({ reason: 'invalid_for_country', country });
  });

  it('names the country of a number no text message reaches, and none for a non-geographic one', () => {
    expect(failure(() => parsePhone('+44 909 879 0000')).context).toMatchObject({ reason: 'cannot_receive_sms', type: 'premium_rate', country: 'GB' });
    expect(failure(() => parsePhone('+800 1234 5678')).context).toMatchObject({ reason: 'cannot_receive_sms', country: null });
  });

  it('keeps the number out of the error, masking it where it names one', () => {
    const err = failure(() => parsePhone('+44 7700 900123'));
    const text = `${err.message} ${JSON.stringify(err.context)}`;
    expect(text).not.toContain('7700900123');
    expect(err.context.phone).toBe('+44••••••••23');
  });
});

describe('maskPhone', () => {
  it.each([
    ['+447400123456', '+44••••••••56'],
    ['+16502530000', '+1••••••••00'],
    ['+4930901820', '+49••••••20'],
    ['+80012345678', '+800••••••78'],
    ['+4412', '+44••'],
    ['not a number 1234567', '+•••••67'],
  ])('masks %s as %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });
});
