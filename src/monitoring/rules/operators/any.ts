import type { OperatorSpec } from '../compiler.js';
import { describe } from '../explain.js';
import { evalError, isError, type Value } from '../value.js';

/** Logical or, left to right: true wins over unknown (null); an error stops at its position. */
export const anyOperator: OperatorSpec = {
  name: 'any',
  usage: 'any: [condition, …]',
  compile(arg, c, path, scope) {
    const args = c.args(arg, path, this, 1, Infinity);
    const parts = args && c.all(args, path, scope);
    if (!parts || !parts.every((p, i) => c.expect(p, ['boolean'], `${path}/${i}`, "any's operands"))) return null;
    const fns = parts.map((p) => p.eval);
    return {
      type: 'boolean',
      label: parts.map((p) => p.label).join(' or '),
      eval: (ctx) => {
        let unknown = false;
        for (let i = 0; i < fns.length; i++) {
          const v: Value = fns[i]!(ctx);
          if (v === true) return true;
          if (v === false) continue;
          if (v === null) unknown = true;
          else if (isError(v)) return v;
          else return evalError('TYPE_MISMATCH', `any expects conditions, got ${typeof v}`);
        }
        return unknown ? null : false;
      },
      // Only the parts that held explain why the rule fired.
      describe: (ctx) => {
        const held = parts.filter((p) => p.eval(ctx) === true);
        return (held.length > 0 ? held : parts).map((p) => describe(p, ctx)).join(' or ');
      },
    };
  },
};
