import type { OperatorSpec } from '../compiler.js';
import type { StoredEvent } from '../customer-state.js';
import { evalError, type EvalError } from '../value.js';
import { compileWindow, scanWindow } from './window.js';

/** `max: { within, types, of, where? }`: the largest value of a numeric field; unknown (null) when no event has one. */
export const maxOperator: OperatorSpec = {
  name: 'max',
  usage: 'max: { within: 7d, types: [payment.deposit], of: amount, where?: condition }',
  compile(arg, c, path, scope) {
    const w = compileWindow(this, arg, c, path, scope, true);
    if (!w || !w.of) return null;
    if (w.ofType !== 'number') return c.fail(`${path}/of`, `max needs a numeric field, ${w.ofType} given`);
    const spec = w.spec;
    const read = w.of;
    let best = -Infinity;
    const visit = (e: StoredEvent): EvalError | null => {
      const v = read(e);
      if (typeof v === 'number') {
        if (v > best) best = v;
      } else if (v !== null) return evalError('TYPE_MISMATCH', `max expects numbers, event ${e.id} holds ${typeof v}`);
      return null;
    };
    return {
      type: 'number',
      label: `max(${w.label})`,
      eval: (ctx) => {
        best = -Infinity;
        const err = scanWindow(ctx, spec, visit);
        return err ?? (best === -Infinity ? null : best);
      },
    };
  },
};
