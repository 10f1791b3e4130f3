import { coolingDown, fire, isRuleAlert, ruleError, type RuleAlert, type RuleError } from './alert.js';
import { baselineKeyOf, updateBaselines } from './baselines.js';
import type { CompiledRule } from './compile-rule.js';
import type { BaselineDef } from './compiler.js';
import { CustomerMonitorState, type StateLayout } from './customer-state.js';
import type { EvalContext } from './eval-context.js';
import { MONITORING_EVENT_TYPES, isMonitoringEventType, type MonitoringEvent, type MonitoringEventType } from './event.js';
import type { RuleAction, RuleSeverity } from './rule-schema.js';
import { evalError, isError, type EvalError } from './value.js';

export interface RuleEvaluation {
  readonly alerts: readonly RuleAlert[];
  readonly errors: readonly RuleError[];
}

export interface RuleSummary {
  readonly id: string;
  readonly version: number;
  readonly description: string;
  readonly severity: RuleSeverity;
  readonly action: RuleAction;
  readonly on: readonly MonitoringEventType[];
}

type KeyOf = (e: MonitoringEvent) => string | null;

const NONE: readonly never[] = Object.freeze([]);
const EMPTY_LAYOUT: StateLayout = { retention: new Map(), byIndex: [], maxCooldownMs: 0, baselineNames: new Set() };
const PLACEHOLDER: MonitoringEvent = { id: '', seq: 0, type: 'account.login', customerId: '', occurredAt: 0, data: {} };

/** The compiled policy rules: evaluate each event of a customer, in ingestion order, against its state. */
export class CompiledRuleSet {
  /** The longest time any rule looks back; the state keeps events this long plus the allowed lateness. */
  readonly maxWindowMs: number;
  readonly rules: readonly RuleSummary[];
  /** Event types the rules read at all; the service may skip feeding the others. */
  readonly eventTypes: readonly MonitoringEventType[];
  private readonly byType = new Map<MonitoringEventType, CompiledRule[]>();
  private readonly baselinesByType = new Map<MonitoringEventType, { defs: BaselineDef[]; keys: KeyOf[] }>();
  // One context reused for every event: evaluation is synchronous and never re-entered.
  private readonly ctx: EvalContext = { current: PLACEHOLDER, subject: PLACEHOLDER, currentStored: null, state: new CustomerMonitorState('-'), layout: EMPTY_LAYOUT, gen: 0, evidence: null };

  constructor(
    compiled: readonly CompiledRule[],
    readonly layout: StateLayout,
    readonly baselines: readonly BaselineDef[],
    maxWindowMs: number,
  ) {
    this.maxWindowMs = maxWindowMs;
    this.rules = compiled.map((r) => ({ id: r.id, version: r.version, description: r.description, severity: r.severity, action: r.action, on: r.on }));
    for (const rule of compiled) for (const t of rule.on) this.byType.set(t, [...(this.byType.get(t) ?? []), rule]);
    for (const def of baselines) {
      for (const t of def.types) {
        const entry = this.baselinesByType.get(t) ?? { defs: [], keys: [] };
        entry.defs.push(def);
        entry.keys.push(baselineKeyOf(def));
        this.baselinesByType.set(t, entry);
      }
    }
    this.eventTypes = MONITORING_EVENT_TYPES.filter((t) => this.byType.has(t) || layout.retention.has(t) || this.baselinesByType.has(t));
  }

  /**
   * Runs every rule triggered by the event's type, then records the event in `state` (windows,
   * baselines, cooldowns). Never throws: a rule that cannot be evaluated is reported in `errors`.
   */
  evaluate(event: MonitoringEvent, state: CustomerMonitorState): RuleEvaluation {
    const refused = refuse(event, state);
    if (refused) return { alerts: NONE, errors: [ruleError({ id: '*', version: 0 }, event.id, refused)] };
    const ctx = this.ctx;
    ctx.currentStored = state.observe(event, this.layout);
    ctx.current = event;
    ctx.subject = event;
    ctx.state = state;
    ctx.layout = this.layout;
    ctx.gen++;
    ctx.evidence = null;
    let alerts: RuleAlert[] | null = null;
    let errors: RuleError[] | null = null;
    const rules = this.byType.get(event.type);
    if (rules) {
      for (const rule of rules) {
        const out = this.run(rule, ctx);
        if (out === null) continue;
        if (isRuleAlert(out)) (alerts ??= []).push(out);
        else (errors ??= []).push(out);
      }
    }
    const bl = this.baselinesByType.get(event.type);
    if (bl) updateBaselines(state, bl.defs, bl.keys, event);
    return { alerts: alerts ?? NONE, errors: errors ?? NONE };
  }

  private run(rule: CompiledRule, ctx: EvalContext): RuleAlert | RuleError | null {
    try {
      if (coolingDown(rule, ctx)) return null;
      const v = rule.when.eval(ctx);
      if (v === false || v === null) return null;
      if (v === true) return fire(rule, ctx, this.layout);
      return ruleError(rule, ctx.current.id, isError(v) ? v : evalError('TYPE_MISMATCH', 'when did not give true or false'));
    } catch (err) {
      // Operators return errors as values; this only guards the other rules against a bug in one.
      ctx.subject = ctx.current;
      ctx.evidence = null;
      return ruleError(rule, ctx.current.id, evalError('EVALUATION_FAILED', err instanceof Error ? err.message : String(err)));
    }
  }
}

/** Events the ingest layer should never pass, checked here so that evaluate keeps its promise not to throw. */
function refuse(event: MonitoringEvent, state: CustomerMonitorState): EvalError | null {
  if (state.customerId !== event.customerId) return evalError('STATE_MISMATCH', `event ${event.id} is for customer ${event.customerId} but the state is ${state.customerId}'s`);
  if (!Number.isFinite(event.occurredAt) || typeof event.data !== 'object' || event.data === null || !isMonitoringEventType(event.type)) {
    return evalError('EVENT_MALFORMED', `event ${event.id} lacks a known type, a numeric occurredAt or a data object`);
  }
  return null;
}
