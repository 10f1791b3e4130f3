import type { Compiled, OperatorSpec } from '../compiler.js';
import { renderOperand } from '../explain.js';
import { notNumber } from '../value.js';

/** `between: [x, lo, hi]`, both ends inclusive; use gte/lt for a half-open range. */
export const betweenOperator: OperatorSpec = {
  name: 'between',
  usage: 'between: [x, low, high]',
  compile(arg, c, path, scope) {
    const args = c.args(arg, path, this, 3);
    const ops = args && c.all(args, path, scope);
    if (!ops) return null;
    if (!ops.every((o, i) => c.expect(o, ['number'], `${path}/${i}`, "between's operands"))) return null;
    const [x, lo, hi] = ops as [Compiled, Compiled, Compiled];
    const fx = x.eval;
    const flo = lo.eval;
    const fhi = hi.eval;
    return {
      type: 'boolean',
      label: `${x.label} between ${lo.label} and ${hi.label}`,
      eval: (ctx) => {
        const v = fx(ctx);
        if (typeof v !== 'number') return notNumber(v, 'between');
        const a = flo(ctx);
        if (typeof a !== 'number') return notNumber(a, 'between');
        const b = fhi(ctx);
        if (typeof b !== 'number') return notNumber(b, 'between');
        return v >= a && v <= b;
      },
      describe: (ctx) => `${renderOperand(x, ctx)} between ${renderOperand(lo, ctx)} and ${renderOperand(hi, ctx)}`,
    };
  },
};
