import type { CompiledRule } from './compile-rule.js';
import type { StateLayout } from './customer-state.js';
import { Evidence, type EvalContext } from './eval-context.js';
import { describe, renderTemplate } from './explain.js';
import type { RuleAction, RuleSeverity } from './rule-schema.js';
import { isError, toAlertValue, type AlertValue, type EvalError, type Value } from './value.js';

export interface RuleAlert {
  ruleId: string;
  ruleVersion: number;
  severity: RuleSeverity;
  action: RuleAction;
  hours?: number;
  /** The rule's key value, e.g. the target host a block_target action blocks. */
  key?: string;
  customerId: string;
  /** Id of the event that made the rule fire. */
  triggeredBy: string;
  /** Ids of the events inside the windows that made the rule fire, the triggering one first; at most 50. */
  evidence: string[];
  explanation: string;
  values: Record<string, AlertValue>;
}

/** A rule that could not be evaluated on an event; it did not fire, and the service should log it. */
export interface RuleError {
  ruleId: string;
  ruleVersion: number;
  eventId: string;
  code: EvalError['error']['code'];
  message: string;
}

export function ruleError(rule: Pick<CompiledRule, 'id' | 'version'>, eventId: string, e: EvalError): RuleError {
  return { ruleId: rule.id, ruleVersion: rule.version, eventId, code: e.error.code, message: e.error.message };
}

/**
 * Whether the rule could not raise an alert on the current event whatever its condition gives:
 * its cooldown is running. The rule set then skips the condition, which may be a scan of days of
 * events (a customer who used 5 crypto addresses this week goes on using more). Only for rules
 * without a key: a keyed rule's cooldown is per key, which costs reading and joining the key on
 * every event, and its windows read that key's events only.
 */
export function coolingDown(rule: CompiledRule, ctx: EvalContext): boolean {
  if (rule.cooldownMs === null || rule.key !== null || ctx.state.fired.size === 0) return false;
  return inCooldown(rule.cooldownMs, ctx, rule.id);
}

/** Whether `cooldownKey` fired less than `cooldownMs` before the current event. */
function inCooldown(cooldownMs: number, ctx: EvalContext, cooldownKey: string): boolean {
  const last = ctx.state.lastFired(cooldownKey);
  return last !== undefined && ctx.current.occurredAt - last < cooldownMs;
}

/**
 * Raises `rule`, whose condition held for ctx.current, unless its cooldown for the same key is
 * running. Runs the condition again collecting evidence: the cost is paid only by alerts.
 */
export function fire(rule: CompiledRule, ctx: EvalContext, layout: StateLayout): RuleAlert | RuleError | null {
  const event = ctx.current;
  let key: string | undefined;
  if (rule.key) {
    const k = rule.key.eval(ctx);
    if (isError(k)) return ruleError(rule, event.id, k);
    if (k !== null) key = Array.isArray(k) ? k.join(',') : String(k);
  }
  if (rule.cooldownMs !== null) {
    const cooldownKey = key === undefined ? rule.id : `${rule.id}\u0000${key}`;
    if (inCooldown(rule.cooldownMs, ctx, cooldownKey)) return null;
    ctx.state.markFired(cooldownKey, event.occurredAt, layout);
  }
  const evidence = new Evidence();
  ctx.evidence = evidence;
  rule.when.eval(ctx);
  ctx.evidence = null;
  const values = new Map<string, Value>(rule.values.map(([name, c]) => [name, c.eval(ctx)]));
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    severity: rule.severity,
    action: rule.action,
    ...(rule.hours !== null ? { hours: rule.hours } : {}),
    ...(key !== undefined ? { key } : {}),
    customerId: event.customerId,
    triggeredBy: event.id,
    evidence: evidence.ids(event),
    explanation: rule.explain ? renderTemplate(rule.explain, values) : describe(rule.when, ctx),
    values: Object.fromEntries([...values].map(([name, v]) => [name, toAlertValue(v)])),
  };
}

export function isRuleAlert(x: RuleAlert | RuleError): x is RuleAlert {
  return 'triggeredBy' in x;
}
