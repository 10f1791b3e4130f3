import { updateBaselines, baselineKeyOf } from './baselines.js';
import { Compiler, formatRuleIssue } from './compiler.js';
import { CustomerMonitorState } from './customer-state.js';
import { parseDuration } from './duration.js';
import { Evidence, type EvalContext } from './eval-context.js';
import type { EventData, MonitoringEvent, MonitoringEventType } from './event.js';
import { OPERATORS } from './operators.js';
import { DEFAULT_ALLOWED_LATENESS_MS } from './compile-rules.js';
import type { Value } from './value.js';

/** Test helpers (excluded from the build): events on a fixed clock and a one-expression evaluator. */
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
export const CUSTOMER = 'cus_test';

let nextSeq = 1;

/** `at` is an offset from T0 such as '90s' or '-2h', or epoch ms. */
export function ev(type: MonitoringEventType, data: EventData, at: string | number = 0, id?: string, customerId = CUSTOMER): MonitoringEvent {
  const seq = nextSeq++;
  return { id: id ?? `evt_${seq}`, seq, type, customerId, occurredAt: typeof at === 'number' ? T0 + at : time(at), data };
}

export function time(offset: string): number {
  const negative = offset.startsWith('-');
  const text = negative ? offset.slice(1) : offset;
  const ms = /^0[a-z]+$/.test(text) ? 0 : parseDuration(text);
  if (ms === null) throw new Error(`bad offset ${offset}`);
  return T0 + (negative ? -ms : ms);
}

export const deposit = (amount: number, at: string | number = 0, extra: EventData = {}): MonitoringEvent => ev('payment.deposit', { amount, currency: 'EUR', ...extra }, at);

export interface ProbeResult {
  value: Value;
  evidence: string[];
}

/**
 * Compiles `expr` as if in a rule triggered by the last event's type, feeds `events` in order
 * through a fresh state as the rule set would, and returns the value for the last one.
 */
export function probe(expr: unknown, events: readonly MonitoringEvent[], on?: readonly MonitoringEventType[]): ProbeResult {
  const last = events[events.length - 1]!;
  const c = new Compiler(OPERATORS);
  c.beginRule('probe', 0);
  const compiled = c.expr(expr, '', { types: on ?? [last.type], window: null });
  const layout = c.finish(0, DEFAULT_ALLOWED_LATENESS_MS);
  if (!compiled || c.issues.length > 0) throw new Error(c.issues.map(formatRuleIssue).join('\n'));
  const defs = [...c.baselines.values()];
  const state = new CustomerMonitorState(last.customerId);
  const ctx: EvalContext = { current: last, subject: last, currentStored: null, state, layout, gen: 0, evidence: null };
  let value: Value = null;
  let evidence: string[] = [];
  for (const e of events) {
    ctx.currentStored = state.observe(e, layout);
    ctx.current = ctx.subject = e;
    ctx.gen++;
    if (e === last) {
      value = compiled.eval(ctx);
      ctx.evidence = new Evidence();
      compiled.eval(ctx);
      evidence = ctx.evidence.ids(e);
      ctx.evidence = null;
    }
    const mine = defs.filter((d) => d.types.includes(e.type));
    updateBaselines(state, mine, mine.map(baselineKeyOf), e);
  }
  return { value, evidence };
}

export const valueOf = (expr: unknown, events: readonly MonitoringEvent[], on?: readonly MonitoringEventType[]): Value => probe(expr, events, on).value;

/** The compile issues of `expr` as "path: message" lines (empty when it compiles). */
export function issuesOf(expr: unknown, on: readonly MonitoringEventType[] = ['payment.deposit']): string[] {
  const c = new Compiler(OPERATORS);
  c.beginRule('probe', 0);
  c.expr(expr, '', { types: on, window: null });
  c.finish(0, 0);
  return c.issues.map((i) => `${i.path}: ${i.message}`);
}
