import type { OperatorSpec } from '../compiler.js';

/** Inside a window's `where`, reads the event being evaluated, e.g. to keep only events to the same host. */
export const currentOperator: OperatorSpec = {
  name: 'current',
  usage: 'current: host (inside a window where)',
  compile(arg, c, path, scope) {
    if (typeof arg !== 'string') return c.fail(path, `current takes a field name: ${this.usage}`);
    if (!scope.window) return c.fail(path, 'current is only meaningful inside a window where; use field here');
    const type = c.fieldType(arg, scope.window.currentTypes, path);
    if (type === null) return null;
    const label = `current ${arg}`;
    if (arg === 'type') return { type, label, eval: (ctx) => ctx.current.type };
    if (arg === 'occurredAt') return { type, label, eval: (ctx) => ctx.current.occurredAt };
    if (arg === 'customerId') return { type, label, eval: (ctx) => ctx.current.customerId };
    return { type, label, eval: (ctx) => ctx.current.data[arg] ?? null };
  },
};
