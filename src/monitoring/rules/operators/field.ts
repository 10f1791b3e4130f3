import type { Evaluator, OperatorSpec } from '../compiler.js';
import type { StoredEvent } from '../customer-state.js';
import type { MonitoringEvent } from '../event.js';

/** Reads a field of the subject event: the current one, or the past one a window's `where` is looking at. */
export const fieldOperator: OperatorSpec = {
  name: 'field',
  usage: 'field: amount',
  compile(arg, c, path, scope) {
    if (typeof arg !== 'string') return c.fail(path, `field takes a field name: ${this.usage}`);
    const type = c.fieldType(arg, scope.types, path);
    if (type === null) return null;
    scope.window?.fields.add(arg);
    return { type, label: arg, eval: subjectReader(arg) };
  },
};

export function subjectReader(name: string): Evaluator {
  if (name === 'type') return (ctx) => ctx.subject.type;
  if (name === 'occurredAt') return (ctx) => ctx.subject.occurredAt;
  // Past events are this customer's too; stored events do not repeat the id.
  if (name === 'customerId') return (ctx) => ctx.current.customerId;
  return (ctx) => ctx.subject.data[name] ?? null;
}

/** The same read on an event at hand, for window aggregates' `of`. */
export function eventReader(name: string): (e: StoredEvent | MonitoringEvent) => StoredEvent['data'][string] | null {
  if (name === 'type') return (e) => e.type;
  if (name === 'occurredAt') return (e) => e.occurredAt;
  return (e) => e.data[name] ?? null;
}
