import { defineErrors } from '../core/errors.js';

export const DecisionErrors = defineErrors({
  DECISION_NOT_FOUND: { kind: 'not_found', title: 'No decision has that id' },
});
