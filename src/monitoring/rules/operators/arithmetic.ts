import type { Compiled, Evaluator, OperatorSpec } from '../compiler.js';
import { evalError, notNumber, type Value } from '../value.js';

type Fold = (acc: number, x: number) => number;

/**
 * add, sub, mul, div over numbers. Unknown operands give unknown; division by zero and overflow
 * give an error value, so the rule reports it instead of firing on Infinity.
 */
function arithmetic(name: string, symbol: string, fold: Fold, max: number): OperatorSpec {
  const spec: OperatorSpec = {
    name,
    usage: max === 2 ? `${name}: [a, b]` : `${name}: [a, b, …]`,
    compile(arg, c, path, scope) {
      const args = c.args(arg, path, spec, 2, max);
      const ops = args && c.all(args, path, scope);
      if (!ops || !ops.every((o, i) => c.expect(o, ['number'], `${path}/${i}`, `${name}'s operands`))) return null;
      return { type: 'number', label: `(${ops.map((o) => o.label).join(` ${symbol} `)})`, eval: evaluator(name, ops, fold) };
    },
  };
  return spec;
}

function evaluator(name: string, ops: readonly Compiled[], fold: Fold): Evaluator {
  const fns = ops.map((o) => o.eval);
  const isDiv = name === 'div';
  return (ctx) => {
    const first: Value = fns[0]!(ctx);
    if (typeof first !== 'number') return notNumber(first, name);
    let acc = first;
    for (let i = 1; i < fns.length; i++) {
      const v = fns[i]!(ctx);
      if (typeof v !== 'number') return notNumber(v, name);
      if (isDiv && v === 0) return evalError('DIVISION_BY_ZERO', `division of ${acc} by zero`);
      acc = fold(acc, v);
    }
    return Number.isFinite(acc) ? acc : evalError('NOT_A_NUMBER', `${name} overflowed`);
  };
}

export const addOperator = arithmetic('add', '+', (a, b) => a + b, Infinity);
export const subOperator = arithmetic('sub', '−', (a, b) => a - b, 2);
export const mulOperator = arithmetic('mul', '×', (a, b) => a * b, Infinity);
export const divOperator = arithmetic('div', '÷', (a, b) => a / b, 2);
