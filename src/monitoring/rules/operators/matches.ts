import type { OperatorSpec } from '../compiler.js';
import { renderOperand } from '../explain.js';
import { evalError, isError } from '../value.js';

/**
 * `matches: [x, 'regex', 'flags'?]`: whether the string x matches. The pattern must be a literal
 * so it is compiled once with the rule set, and a broken one is refused with the policy.
 */
export const matchesOperator: OperatorSpec = {
  name: 'matches',
  usage: "matches: [x, 'pattern', 'i'?]",
  compile(arg, c, path, scope) {
    const args = c.args(arg, path, this, 2, 3);
    if (!args) return null;
    const [pattern, flags = ''] = args.slice(1);
    if (typeof pattern !== 'string') return c.fail(`${path}/1`, 'the pattern must be a string literal');
    if (typeof flags !== 'string' || !/^[imsu]*$/.test(flags)) return c.fail(`${path}/2`, 'flags may only hold i, m, s and u');
    let re: RegExp;
    try {
      re = new RegExp(pattern, flags);
    } catch (err) {
      return c.fail(`${path}/1`, `invalid regular expression: ${(err as Error).message}`);
    }
    const x = c.expr(args[0], `${path}/0`, scope);
    if (!x || !c.expect(x, ['string'], `${path}/0`, 'the text matched')) return null;
    const f = x.eval;
    const label = `${x.label} matches /${pattern}/${flags}`;
    return {
      type: 'boolean',
      label,
      eval: (ctx) => {
        const v = f(ctx);
        if (typeof v === 'string') return re.test(v);
        if (v === null || isError(v)) return v;
        return evalError('TYPE_MISMATCH', `matches expects a string, got ${typeof v}`);
      },
      describe: (ctx) => `${renderOperand(x, ctx)} matches /${pattern}/${flags}`,
    };
  },
};
