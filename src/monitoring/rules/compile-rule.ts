import type { z } from 'zod';
import type { Compiled, Compiler, Scope } from './compiler.js';
import { parseDuration } from './duration.js';
import type { MonitoringEventType } from './event.js';
import { placeholders } from './explain.js';
import type { RuleAction, RuleSeverity, ruleDefSchema } from './rule-schema.js';
import type { Value } from './value.js';

export type ParsedRule = z.output<typeof ruleDefSchema>;

export interface CompiledRule {
  readonly id: string;
  readonly version: number;
  readonly description: string;
  readonly severity: RuleSeverity;
  readonly action: RuleAction;
  readonly hours: number | null;
  readonly on: readonly MonitoringEventType[];
  readonly cooldownMs: number | null;
  readonly when: Compiled;
  readonly key: Compiled | null;
  readonly values: ReadonlyArray<readonly [string, Compiled]>;
  readonly explain: string | null;
}

/** Compiles one schema-valid rule; null (with issues recorded) when any part is wrong. */
export function compileRule(c: Compiler, rule: ParsedRule): CompiledRule | null {
  const scope: Scope = { types: rule.on, window: null };
  const values: Array<readonly [string, Compiled]> = [];
  for (const [name, expr] of Object.entries(rule.values ?? {})) {
    const compiled = c.expr(expr, `/values/${name}`, scope);
    c.values.set(name, compiled && memoize(compiled, name));
    if (compiled) values.push([name, c.values.get(name)!]);
  }
  const when = c.expr(rule.when, '/when', scope);
  if (when && when.type !== 'boolean') c.fail('/when', `when must be a condition (true or false), but ${when.label} is a ${when.type}`);
  const key = rule.key === undefined ? null : c.expr(rule.key, '/key', scope);
  if (key && key.type === 'boolean') c.fail('/key', `key must name something (a host, an address), but ${key.label} is a condition`);
  const unknown = placeholders(rule.explain ?? '').filter((p) => !c.values.has(p));
  if (unknown.length > 0) c.fail('/explain', `explain refers to ${unknown.map((p) => `{${p}}`).join(', ')}, which ${unknown.length > 1 ? 'are' : 'is'} not among the rule's values`);
  if (!when || when.type !== 'boolean' || (rule.key !== undefined && (!key || key.type === 'boolean')) || unknown.length > 0 || values.length !== c.values.size) return null;
  return {
    id: rule.id,
    version: rule.version,
    description: rule.description,
    severity: rule.severity,
    action: rule.action,
    hours: rule.hours ?? null,
    on: rule.on,
    cooldownMs: rule.cooldown === undefined ? null : parseDuration(rule.cooldown),
    when,
    key,
    values,
    explain: rule.explain ?? null,
  };
}

/** A named value is computed at most once per event, however many times the rule refers to it. */
function memoize(inner: Compiled, name: string): Compiled {
  if (inner.literal) return inner;
  const f = inner.eval;
  let gen = -1;
  let cached: Value = null;
  return {
    type: inner.type,
    label: name,
    ...(inner.describe ? { describe: inner.describe } : {}),
    // While collecting evidence the windows must run again, so the cache is bypassed.
    eval: (ctx) => {
      if (gen === ctx.gen && ctx.evidence === null) return cached;
      cached = f(ctx);
      gen = ctx.gen;
      return cached;
    },
  };
}
