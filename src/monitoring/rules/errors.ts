import { defineErrors } from '../../core/errors.js';

export const MonitoringRuleErrors = defineErrors({
  MONITORING_STATE_INVALID: { kind: 'internal', title: 'A stored monitoring state checkpoint is malformed' },
});
