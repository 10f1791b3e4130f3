import type { Compiled, Evaluator, OperatorSpec } from '../compiler.js';
import { renderOperand } from '../explain.js';
import { evalError, isError } from '../value.js';

/**
 * `in: [x, list]`: whether x is one of the list's items. The list is a literal (looked up in a set
 * built once) or a list field such as addressFlags.
 */
export const inOperator: OperatorSpec = {
  name: 'in',
  usage: 'in: [x, [a, b, …]]',
  compile(arg, c, path, scope) {
    const args = c.args(arg, path, this, 2);
    const [x, list] = (args && c.all(args, path, scope)) ?? [];
    if (!x || !list) return null;
    if (!c.expect(x, ['number', 'string', 'boolean'], `${path}/0`, 'the value looked up by in')) return null;
    if (!c.expect(list, ['list'], `${path}/1`, "in's second operand")) return null;
    const items = list.literal?.value;
    if (Array.isArray(items)) {
      const odd = items.findIndex((v) => typeof v !== x.type);
      if (odd >= 0) return c.fail(`${path}/1/${odd}`, `the list holds ${typeof items[odd]} ${JSON.stringify(items[odd])} but ${x.label} is ${x.type}`);
    }
    return { type: 'boolean', label: `${x.label} in ${list.label}`, eval: membership(x, list, items), describe: (ctx) => `${renderOperand(x, ctx)} in ${renderOperand(list, ctx)}` };
  },
};

function membership(x: Compiled, list: Compiled, items: unknown): Evaluator {
  const fx = x.eval;
  if (Array.isArray(items)) {
    const set = new Set<unknown>(items);
    return (ctx) => {
      const v = fx(ctx);
      return v === null || isError(v) ? v : set.has(v);
    };
  }
  const fl = list.eval;
  return (ctx) => {
    const v = fx(ctx);
    if (v === null || isError(v)) return v;
    const l = fl(ctx);
    if (l === null || isError(l)) return l;
    if (!Array.isArray(l)) return evalError('TYPE_MISMATCH', `in expects a list, got ${typeof l}`);
    return l.includes(v as never);
  };
}
