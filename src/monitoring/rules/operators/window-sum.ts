import type { OperatorSpec } from '../compiler.js';
import type { StoredEvent } from '../customer-state.js';
import { evalError, type EvalError } from '../value.js';
import { compileWindow, scanWindow, sumWindow } from './window.js';

/** `sum: { within, types, of, where? }`: total of a numeric field; events without it add nothing. */
export const sumOperator: OperatorSpec = {
  name: 'sum',
  usage: 'sum: { within: 1m, types: [proxy.usage], of: requests, where?: condition }',
  compile(arg, c, path, scope) {
    const w = compileWindow(this, arg, c, path, scope, true);
    if (!w || !w.of) return null;
    if (w.ofType !== 'number') return c.fail(`${path}/of`, `sum needs a numeric field, ${w.ofType} given`);
    const spec = w.spec;
    const read = w.of;
    const field = w.ofField;
    let total = 0;
    const visit = (e: StoredEvent): EvalError | null => {
      const v = read(e);
      if (typeof v === 'number') total += v;
      else if (v !== null) return evalError('TYPE_MISMATCH', `sum expects numbers, event ${e.id} holds ${typeof v}`);
      return null;
    };
    return {
      type: 'number',
      label: `sum(${w.label})`,
      eval: (ctx) => {
        if (spec.where === null && ctx.evidence === null && field !== null) {
          const fast = sumWindow(ctx, spec, field);
          if (fast !== null) return fast;
        }
        total = 0;
        return scanWindow(ctx, spec, visit) ?? total;
      },
    };
  },
};
