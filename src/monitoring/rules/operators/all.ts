import type { OperatorSpec } from '../compiler.js';
import { describe } from '../explain.js';
import { evalError, isError, type Value } from '../value.js';

/** Logical and, left to right: false wins over unknown (null); an error stops at its position. */
export const allOperator: OperatorSpec = {
  name: 'all',
  usage: 'all: [condition, …]',
  compile(arg, c, path, scope) {
    const args = c.args(arg, path, this, 1, Infinity);
    const parts = args && c.all(args, path, scope);
    if (!parts || !parts.every((p, i) => c.expect(p, ['boolean'], `${path}/${i}`, "all's operands"))) return null;
    const fns = parts.map((p) => p.eval);
    return {
      type: 'boolean',
      label: parts.map((p) => p.label).join(' and '),
      eval: (ctx) => {
        let unknown = false;
        for (let i = 0; i < fns.length; i++) {
          const v: Value = fns[i]!(ctx);
          if (v === true) continue;
          if (v === false) return false;
          if (v === null) unknown = true;
          else if (isError(v)) return v;
          else return evalError('TYPE_MISMATCH', `all expects conditions, got ${typeof v}`);
        }
        return unknown ? null : true;
      },
      describe: (ctx) => parts.map((p) => describe(p, ctx)).join(' and '),
    };
  },
};
