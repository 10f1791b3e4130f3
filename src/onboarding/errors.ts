import { defineErrors } from '../core/errors.js';

export const OnboardingErrors = defineErrors({
  SIGNUP_COUNTRY_UNKNOWN: { kind: 'invalid', title: 'The customer’s country could not be determined' },
  SIGNUP_IP_NOT_PUBLIC: { kind: 'invalid', title: 'The sign-up’s IP address is not a public one' },
  VERIFICATION_LINK_INVALID: { kind: 'invalid', title: 'The verification link is not valid' },
  VERIFICATION_LINK_EXPIRED: { kind: 'unprocessable', title: 'The verification link has expired' },
  VERIFICATION_LINK_USED: { kind: 'conflict', title: 'The verification link was used already' },
  VERIFICATION_CODE_WRONG: { kind: 'unprocessable', title: 'The verification code is wrong' },
  VERIFICATION_CODE_EXPIRED: { kind: 'unprocessable', title: 'The verification code has expired' },
  VERIFICATION_CODE_MISSING: { kind: 'not_found', title: 'No verification code is waiting for this customer' },
  VERIFICATION_TOO_MANY_ATTEMPTS: { kind: 'rate_limited', title: 'Too many wrong codes: request a new one' },
  VERIFICATION_RESEND_TOO_SOON: { kind: 'rate_limited', title: 'A code was sent moments ago or too often this hour' },
  VERIFICATION_CONTACT_CHANGED: { kind: 'conflict', title: 'The contact was changed after the link or code was sent' },
  VERIFICATION_ATTEMPT_CONFLICT: { kind: 'conflict', title: 'Another attempt at the code was checked at the same time' },
  VERIFICATION_CONTACT_MISSING: { kind: 'unprocessable', title: 'The customer has no such contact on file' },
});
