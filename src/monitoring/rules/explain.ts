import type { Compiled } from './compiler.js';
import type { EvalContext } from './eval-context.js';
import { formatValue, type Value } from './value.js';

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/** `{name}` placeholders of an explain template, to check them against the rule's values. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export function renderTemplate(template: string, values: ReadonlyMap<string, Value>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => formatValue(values.get(name) ?? null));
}

/** An operand with its value, e.g. "amount (9,500)"; literals speak for themselves. */
export function renderOperand(c: Compiled, ctx: EvalContext): string {
  return c.literal ? c.label : `${c.label} (${formatValue(c.eval(ctx))})`;
}

/**
 * The generic explanation of a fired rule when it has no template: boolean operators describe
 * themselves with the values they compared, e.g. "count(payment.deposit within 24h) (3) ≥ 3".
 */
export function describe(c: Compiled, ctx: EvalContext): string {
  return c.describe ? c.describe(ctx) : renderOperand(c, ctx);
}
