import type { MonitoringAlert } from './alerts.store.js';
import type { StoredEvent } from './events.store.js';
import { compileRules } from './rules/compile-rules.js';
import { formatRuleIssue } from './rules/compiler.js';
import { CustomerMonitorState } from './rules/customer-state.js';
import type { MonitoringEvent, MonitoringEventType } from './rules/event.js';
import type { RuleDef } from './rules/rule-schema.js';
import type { CompiledRuleSet } from './rules/rule-set.js';

export type NewAlert = Omit<MonitoringAlert, 'id' | 'policyVer' | 'status' | 'createdAt'>;

export interface RunnerEvaluation {
  readonly alerts: readonly NewAlert[];
  readonly errors: ReadonlyArray<{ ruleId: string; message: string }>;
}

const NOTHING: RunnerEvaluation = Object.freeze({ alerts: Object.freeze([]), errors: Object.freeze([]) });

/** The policy's compiled rules as the monitoring worker uses them: state in and out as JSON. */
export class RuleRunner {
  private constructor(
    readonly policyVer: string,
    readonly rules: CompiledRuleSet,
  ) {}

  /** Compiles the rules; a policy that reached here was validated, so failure is a bug worth a throw. */
  static compile(rules: readonly RuleDef[], policyVer: string): RuleRunner {
    const result = compileRules(rules);
    if (!result.ok) throw new Error(`monitoring rules do not compile: ${result.errors.map(formatRuleIssue).join('; ')}`);
    return new RuleRunner(policyVer, result.value);
  }

  fresh(customerId: string): CustomerMonitorState {
    return new CustomerMonitorState(customerId);
  }

  load(json: string): CustomerMonitorState {
    return CustomerMonitorState.fromJSON(JSON.parse(json));
  }

  save(state: CustomerMonitorState): string {
    return JSON.stringify(state.toJSON());
  }

  evaluate(stored: StoredEvent, state: CustomerMonitorState): RunnerEvaluation {
    const event: MonitoringEvent = {
      id: stored.eventId,
      seq: stored.seq,
      type: stored.type as MonitoringEventType,
      customerId: stored.customerId,
      occurredAt: Date.parse(stored.occurredAt),
      data: stored.data as MonitoringEvent['data'],
    };
    const result = this.rules.evaluate(event, state);
    // Most events raise nothing: one shared answer for them spares the collector three objects per event.
    if (result.alerts.length === 0 && result.errors.length === 0) return NOTHING;
    return {
      alerts: result.alerts.map((a) => ({
        customerId: a.customerId,
        ruleId: a.ruleId,
        ruleVersion: a.ruleVersion,
        severity: a.severity,
        action: a.action,
        hours: a.hours ?? null,
        key: a.key ?? null,
        triggeredBy: a.triggeredBy,
        evidence: a.evidence,
        explanation: a.explanation,
        values: a.values,
      })),
      errors: result.errors.map((e) => ({ ruleId: e.ruleId, message: e.message })),
    };
  }
}

/** Rule problems as policy issues (path and message), for refusing a policy that holds them. */
export function ruleIssues(rules: readonly RuleDef[]): Array<{ path: string; message: string }> {
  const result = compileRules(rules);
  return result.ok ? [] : result.errors.map((i) => ({ path: `monitoring.rules[${i.ruleId ?? i.index}]${i.path}`, message: i.message }));
}
