import type { z } from 'zod';
import type { StateLayout } from './customer-state.js';
import { parseDuration, DURATION_HINT } from './duration.js';
import type { EvalContext } from './eval-context.js';
import { BUILTIN_FIELDS, EVENT_FIELDS, MONITORING_EVENT_TYPES, type FieldType, type MonitoringEventType } from './event.js';
import type { Value } from './value.js';

export type Evaluator = (ctx: EvalContext) => Value;

/** An expression compiled into a closure, with what the compiler knows about it. */
export interface Compiled {
  /** Static type; runtime values may still be null (unknown) or an error. */
  readonly type: FieldType;
  readonly eval: Evaluator;
  /** Human rendering of the expression itself, e.g. "count(payment.deposit within 24h)". */
  readonly label: string;
  /** Set on literals, so operators can specialise and explanations print them bare. */
  readonly literal?: { readonly value: Value };
  /** Boolean operators render themselves with their operands' values for generic explanations. */
  readonly describe?: (ctx: EvalContext) => string;
}

/** Where an expression sits: which events `field` reads, and whether inside a window's `where`. */
export interface Scope {
  readonly types: readonly MonitoringEventType[];
  readonly window: { readonly currentTypes: readonly MonitoringEventType[]; readonly fields: Set<string> } | null;
}

export interface OperatorSpec {
  readonly name: string;
  /** The argument shape, quoted in error messages. */
  readonly usage: string;
  compile(arg: unknown, c: Compiler, path: string, scope: Scope): Compiled | null;
}

/** An exponentially weighted moving average kept per customer (and per key value). */
export interface BaselineDef {
  readonly name: string;
  readonly of: string;
  readonly types: readonly MonitoringEventType[];
  readonly alpha: number;
  readonly key: string | null;
}

export interface RuleIssue {
  /** The rule's id, or null when the id itself is missing or invalid. */
  readonly ruleId: string | null;
  /** Position of the rule in the list. */
  readonly index: number;
  /** JSON Pointer into the rule, e.g. /when/all/1/gte/0. */
  readonly path: string;
  readonly message: string;
}

export function formatRuleIssue(i: RuleIssue): string {
  return `rule ${i.ruleId ?? `#${i.index + 1}`} at ${i.path || '/'}: ${i.message}`;
}

/** Shared by every compiled expression of one rule set; operators report problems through it. */
export class Compiler {
  readonly issues: RuleIssue[] = [];
  readonly retention = new Map<MonitoringEventType, { ms: number; fields: Set<string> }>();
  maxWindowMs = 0;
  private rule: { id: string | null; index: number } = { id: null, index: 0 };
  private readonly finishers: Array<() => void> = [];
  /** Baselines are state shared by every rule that names them, so a name has one definition. */
  readonly baselines = new Map<string, BaselineDef>();
  /** The current rule's named values in declaration order; null marks one that failed to compile. */
  values = new Map<string, Compiled | null>();

  constructor(private readonly ops: ReadonlyMap<string, OperatorSpec>) {}

  beginRule(id: string | null, index: number): void {
    this.rule = { id, index };
    this.values = new Map();
  }

  fail(path: string, message: string): null {
    this.issues.push({ ruleId: this.rule.id, index: this.rule.index, path, message });
    return null;
  }

  /** Runs `fn` once every rule is compiled, with the issue context of the current rule. */
  later(fn: () => string | null, path: string): void {
    const rule = this.rule;
    this.finishers.push(() => {
      const message = fn();
      if (message !== null) this.issues.push({ ruleId: rule.id, index: rule.index, path, message });
    });
  }

  expr(node: unknown, path: string, scope: Scope): Compiled | null {
    if (typeof node === 'number' || typeof node === 'string' || typeof node === 'boolean') return literal(node);
    if (Array.isArray(node)) {
      const bad = node.findIndex((x) => typeof x !== 'number' && typeof x !== 'string' && typeof x !== 'boolean');
      if (bad >= 0) return this.fail(`${path}/${bad}`, 'a list literal holds only numbers, strings and booleans');
      return literal(node as Value);
    }
    if (node === null || typeof node !== 'object') return this.fail(path, `${node === null ? 'null' : typeof node} is not an expression`);
    const keys = Object.keys(node);
    if (keys.length !== 1) return this.fail(path, `an expression node has exactly one operator key, found ${keys.length === 0 ? 'none' : keys.join(', ')}`);
    const name = keys[0]!;
    const op = this.ops.get(name);
    if (!op) return this.fail(`${path}/${escapePointer(name)}`, `unknown operator '${name}'${suggest(name, [...this.ops.keys()])}`);
    return op.compile((node as Record<string, unknown>)[name], this, `${path}/${escapePointer(name)}`, scope);
  }

  /** A positional argument list of `min`…`max` entries. */
  args(arg: unknown, path: string, op: OperatorSpec, min: number, max = min): unknown[] | null {
    const count = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    if (!Array.isArray(arg)) return this.fail(path, `${op.name} takes a list of ${count} arguments: ${op.usage}`);
    if (arg.length < min || arg.length > max) return this.fail(path, `${op.name} takes ${count} arguments, got ${arg.length}: ${op.usage}`);
    return arg;
  }

  /** Compiles each argument; null if any failed (their issues are already recorded). */
  all(args: readonly unknown[], path: string, scope: Scope): Compiled[] | null {
    const out = args.map((a, i) => this.expr(a, `${path}/${i}`, scope));
    return out.every((c) => c !== null) ? (out as Compiled[]) : null;
  }

  /** Named arguments validated with a zod schema, issues mapped onto the rule's path. */
  object<T>(schema: z.ZodType<T>, arg: unknown, path: string, op: OperatorSpec): T | null {
    const r = schema.safeParse(arg);
    if (r.success) return r.data;
    for (const issue of r.error.issues) this.fail([path, ...issue.path.map((p) => escapePointer(String(p)))].join('/'), `${issue.message} (usage: ${op.usage})`);
    return null;
  }

  expect(c: Compiled, want: readonly FieldType[], path: string, what: string): boolean {
    if (want.includes(c.type)) return true;
    this.fail(path, `${what} must be ${want.join(' or ')}, but ${c.label} is ${c.type}`);
    return false;
  }

  duration(text: unknown, path: string): number | null {
    return parseDuration(text) ?? this.fail(path, `${JSON.stringify(text)} is not ${DURATION_HINT}`);
  }

  /** The type of `name` on the given events, or an issue if none of them has it. */
  fieldType(name: string, types: readonly MonitoringEventType[], path: string): FieldType | null {
    const builtin = BUILTIN_FIELDS[name];
    if (builtin) return builtin;
    const found = new Set(types.flatMap((t) => (EVENT_FIELDS[t][name] ? [EVENT_FIELDS[t][name]] : [])));
    if (found.size === 1) return [...found][0]!;
    if (found.size > 1) return this.fail(path, `field ${name} has different types on ${types.join(', ')}`);
    const known = [...new Set(types.flatMap((t) => Object.keys(EVENT_FIELDS[t])))];
    return this.fail(path, `no field ${name} on ${types.join(', ')}${suggest(name, known)}`);
  }

  /** Records that windows over `types` reach `ms` back and read `fields` of past events. */
  retain(types: readonly MonitoringEventType[], ms: number, fields: Iterable<string>): void {
    this.maxWindowMs = Math.max(this.maxWindowMs, ms);
    for (const t of types) {
      let r = this.retention.get(t);
      if (!r) this.retention.set(t, (r = { ms: 0, fields: new Set() }));
      r.ms = Math.max(r.ms, ms);
      for (const f of fields) if (!BUILTIN_FIELDS[f]) r.fields.add(f);
    }
  }

  /** The state layout: each type kept for its longest window plus the lateness allowed to events. */
  finish(maxCooldownMs: number, latenessMs: number): StateLayout {
    for (const f of this.finishers) f();
    const retention = new Map([...this.retention].map(([t, r]) => [t, { ms: r.ms + latenessMs, fields: [...r.fields].sort() }]));
    return { retention, byIndex: MONITORING_EVENT_TYPES.map((t) => retention.get(t) ?? null), maxCooldownMs, baselineNames: new Set(this.baselines.keys()) };
  }
}

export function literal(value: Value): Compiled {
  const type: FieldType = Array.isArray(value) ? 'list' : (typeof value as FieldType);
  const label = Array.isArray(value) ? `[${value.join(', ')}]` : typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
  return { type, label, literal: { value }, eval: () => value };
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** " (did you mean …?)" for a near miss, so a typo in a policy is quick to fix. */
function suggest(name: string, known: readonly string[]): string {
  const near = known.find((k) => distance(k, name) <= 2);
  return near ? ` (did you mean ${near}?)` : '';
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}
