import { compileRule, type CompiledRule } from './compile-rule.js';
import { Compiler, type RuleIssue } from './compiler.js';
import { OPERATORS } from './operators.js';
import { ruleDefSchema, type RuleDef } from './rule-schema.js';
import { CompiledRuleSet } from './rule-set.js';

export type Result<T> = { ok: true; value: T } | { ok: false; errors: RuleIssue[] };

export interface CompileOptions {
  /**
   * How late (by occurredAt, behind the customer's newest event) an event may arrive and still
   * see complete windows; the state keeps events this much longer than the windows need.
   */
  allowedLatenessMs?: number;
}

export const DEFAULT_ALLOWED_LATENESS_MS = 15 * 60_000;

/**
 * Validates and compiles the policy's monitoring rules into closures. Every problem is reported,
 * each with the rule and a JSON Pointer into it, so a broken policy is refused with messages a
 * person can act on. Disabled rules (`enabled: false`) are checked against the schema only.
 */
export function compileRules(rules: readonly RuleDef[], options: CompileOptions = {}): Result<CompiledRuleSet> {
  const c = new Compiler(OPERATORS);
  const compiled: CompiledRule[] = [];
  const ids = new Set<string>();
  rules.forEach((raw, index) => {
    const parsed = ruleDefSchema.safeParse(raw);
    const id = (raw as { id?: unknown } | null)?.id;
    c.beginRule(typeof id === 'string' ? id : null, index);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) c.fail(issue.path.length ? `/${issue.path.join('/')}` : '', issue.message);
      return;
    }
    const rule = parsed.data;
    if (ids.has(rule.id)) c.fail('/id', `another rule already has the id ${rule.id}`);
    ids.add(rule.id);
    if (rule.enabled === false) return;
    const r = compileRule(c, rule);
    if (r) compiled.push(r);
  });
  const layout = c.finish(Math.max(0, ...compiled.map((r) => r.cooldownMs ?? 0)), options.allowedLatenessMs ?? DEFAULT_ALLOWED_LATENESS_MS);
  if (c.issues.length > 0) return { ok: false, errors: c.issues };
  return { ok: true, value: new CompiledRuleSet(compiled, layout, [...c.baselines.values()], c.maxWindowMs) };
}
