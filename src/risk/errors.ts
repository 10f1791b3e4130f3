import { defineErrors } from '../core/errors.js';

export const RiskErrors = defineErrors({
  RISK_LIST_MALFORMED: { kind: 'unavailable', title: 'A risk data file (FATF or sanctioned countries) is malformed' },
  RISK_POLICY_INVALID: { kind: 'invalid', title: 'The risk policy does not match its schema' },
  RISK_FILE_UNREADABLE: { kind: 'unavailable', title: 'A risk data file (FATF or sanctioned countries) cannot be read' },
  REVIEW_TASK_NOT_FOUND: { kind: 'not_found', title: 'No open review task has that id' },
  RISK_PROFILE_INVALID: { kind: 'invalid', title: 'The risk profile cannot be scored' },
});
