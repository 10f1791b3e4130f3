import type { OperatorSpec } from '../compiler.js';
import { describe } from '../explain.js';
import { evalError, isError } from '../value.js';

/** `not: condition`; not unknown is unknown. */
export const notOperator: OperatorSpec = {
  name: 'not',
  usage: 'not: condition',
  compile(arg, c, path, scope) {
    const inner = c.expr(arg, path, scope);
    if (!inner || !c.expect(inner, ['boolean'], path, "not's operand")) return null;
    const f = inner.eval;
    return {
      type: 'boolean',
      label: `not (${inner.label})`,
      eval: (ctx) => {
        const v = f(ctx);
        if (typeof v === 'boolean') return !v;
        if (v === null || isError(v)) return v;
        return evalError('TYPE_MISMATCH', `not expects a condition, got ${typeof v}`);
      },
      describe: (ctx) => `not (${describe(inner, ctx)})`,
    };
  },
};
