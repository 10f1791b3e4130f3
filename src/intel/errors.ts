import { defineErrors } from '../core/errors.js';

export const IntelErrors = defineErrors({
  INTEL_FILE_UNREADABLE: { kind: 'unavailable', title: 'An intelligence data file cannot be read' },
  INTEL_FILE_MALFORMED: { kind: 'unavailable', title: 'An intelligence data file is malformed' },
  INTEL_LIST_SHRUNK: { kind: 'conflict', title: 'An intelligence list would lose more than half of its entries' },
  INTEL_EMAIL_INVALID: { kind: 'invalid', title: 'The email address is not valid' },
  INTEL_IP_INVALID: { kind: 'invalid', title: 'The IP address is not valid' },
  INTEL_PHONE_INVALID: { kind: 'invalid', title: 'The phone number is not valid' },
  INTEL_PROVIDER_FAILED: { kind: 'unavailable', title: 'An intelligence provider did not answer usably' },
  INTEL_PROVIDER_CIRCUIT_OPEN: { kind: 'unavailable', title: 'An intelligence provider is paused after repeated failures' },
  SMS_SEND_FAILED: { kind: 'unavailable', title: 'The text message could not be sent' },
});
