import { defineErrors } from '../core/errors.js';

export const CustomerErrors = defineErrors({
  CUSTOMER_NOT_FOUND: { kind: 'not_found', title: 'No customer has that id' },
  CUSTOMER_EXISTS: { kind: 'conflict', title: 'A customer with that external reference exists' },
  CUSTOMER_STATUS_TRANSITION_INVALID: { kind: 'conflict', title: 'The customer cannot move to that status from its current one' },
  CUSTOMER_CHANGED_CONCURRENTLY: { kind: 'conflict', title: 'The customer changed while this request was processed' },
  CUSTOMER_DATA_INVALID: { kind: 'invalid', title: 'The customer data is invalid' },
  CUSTOMER_NOT_A_COMPANY: { kind: 'conflict', title: 'Only companies have directors and beneficial owners' },
  CUSTOMER_OFFBOARDED: { kind: 'conflict', title: 'The customer was offboarded' },
  CUSTOMER_STATUS_HELD: { kind: 'conflict', title: 'A compliance hold keeps the customer out of that status' },
  CUSTOMER_VERIFICATION_REQUIRED: { kind: 'conflict', title: 'Only a passed verification makes a customer verified' },
});
