import type { OperatorSpec } from '../compiler.js';
import { renderOperand } from '../explain.js';

/**
 * `coalesce: [x, default, …]`: the first operand that is not unknown (null). Errors are not
 * replaced: a failing rule should be reported, not silently defaulted.
 */
export const coalesceOperator: OperatorSpec = {
  name: 'coalesce',
  usage: 'coalesce: [x, default]',
  compile(arg, c, path, scope) {
    const args = c.args(arg, path, this, 2, Infinity);
    const ops = args && c.all(args, path, scope);
    if (!ops) return null;
    const type = ops[0]!.type;
    if (!ops.every((o, i) => c.expect(o, [type], `${path}/${i}`, `coalesce's operands (like ${ops[0]!.label})`))) return null;
    const fns = ops.map((o) => o.eval);
    return {
      type,
      label: `${ops[0]!.label} or else ${ops.slice(1).map((o) => o.label).join(' or else ')}`,
      eval: (ctx) => {
        for (let i = 0; i < fns.length; i++) {
          const v = fns[i]!(ctx);
          if (v !== null) return v;
        }
        return null;
      },
      describe: (ctx) => renderOperand(ops[0]!, ctx),
    };
  },
};
