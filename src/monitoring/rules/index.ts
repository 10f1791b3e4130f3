/**
 * The monitoring rule engine: pure (no I/O). The service validates events with
 * EVENT_DATA_SCHEMAS, compiles the policy's rules once with compileRules, keeps one
 * CustomerMonitorState per customer (checkpointed with toJSON/fromJSON) and feeds each event,
 * in ingestion order, to CompiledRuleSet.evaluate.
 */
export { isRuleAlert, type RuleAlert, type RuleError } from './alert.js';
export { DEFAULT_ALLOWED_LATENESS_MS, compileRules, type CompileOptions, type Result } from './compile-rules.js';
export { formatRuleIssue, type BaselineDef, type RuleIssue } from './compiler.js';
export { CustomerMonitorState, type BaselineEntry, type Retention, type StateLayout, type StateLimits, type StoredEvent } from './customer-state.js';
export { parseDuration } from './duration.js';
export { MonitoringRuleErrors } from './errors.js';
export {
  BUILTIN_FIELDS,
  EVENT_DATA_SCHEMAS,
  EVENT_FIELDS,
  MONITORING_EVENT_TYPES,
  isMonitoringEventType,
  type EventData,
  type EventScalar,
  type FieldType,
  type MonitoringEvent,
  type MonitoringEventType,
} from './event.js';
export { OPERATORS } from './operators.js';
export { CompiledRuleSet, type RuleEvaluation, type RuleSummary } from './rule-set.js';
export { RULE_ACTIONS, RULE_SEVERITIES, expressionSchema, ruleDefSchema, ruleSetSchema, type Expression, type RuleAction, type RuleDef, type RuleSeverity } from './rule-schema.js';
export { SEED_RULES } from './seed-rules.js';
export type { CustomerMonitorStateJSON } from './state-json.js';
export { SINCE_LAST_NEVER, type AlertValue, type EvalError, type EvalErrorCode, type Value } from './value.js';
