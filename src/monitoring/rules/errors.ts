import { defineErrors } from '../../core/errors.js';

export const MonitoringRuleErrors = defineErrors({
  MONITORING_RULES_INVALID: { kind: 'invalid', title: 'The monitoring rules in the policy cannot be compiled' },
  MONITORING_STATE_INVALID: { kind: 'internal', title: 'A stored monitoring state checkpoint is malformed' },
});
