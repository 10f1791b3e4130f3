import type { Compiled, Evaluator, OperatorSpec } from '../compiler.js';
import { renderOperand } from '../explain.js';
import { evalError, isError, notNumber } from '../value.js';

type Test = (a: number, b: number) => boolean;

/** gt, gte, lt, lte: numbers only, so a typo comparing a string fails at compile time. */
function ordering(name: string, symbol: string, test: Test): OperatorSpec {
  const spec: OperatorSpec = {
    name,
    usage: `${name}: [a, b]`,
    compile(arg, c, path, scope) {
      const args = c.args(arg, path, spec, 2);
      const [l, r] = (args && c.all(args, path, scope)) ?? [];
      if (!l || !r) return null;
      if (!c.expect(l, ['number'], `${path}/0`, `${name}'s operands`) || !c.expect(r, ['number'], `${path}/1`, `${name}'s operands`)) return null;
      return binary(l, r, symbol, numeric(l, r, test, name));
    },
  };
  return spec;
}

function numeric(l: Compiled, r: Compiled, test: Test, name: string): Evaluator {
  const left = l.eval;
  const k = r.literal?.value;
  if (typeof k === 'number') {
    return (ctx) => {
      const a = left(ctx);
      return typeof a === 'number' ? test(a, k) : notNumber(a, name);
    };
  }
  const right = r.eval;
  return (ctx) => {
    const a = left(ctx);
    if (typeof a !== 'number') return notNumber(a, name);
    const b = right(ctx);
    return typeof b === 'number' ? test(a, b) : notNumber(b, name);
  };
}

/** eq, ne: any two scalars of the same type. */
function equality(name: string, symbol: string, negate: boolean): OperatorSpec {
  const spec: OperatorSpec = {
    name,
    usage: `${name}: [a, b]`,
    compile(arg, c, path, scope) {
      const args = c.args(arg, path, spec, 2);
      const [l, r] = (args && c.all(args, path, scope)) ?? [];
      if (!l || !r) return null;
      if (!c.expect(l, ['number', 'string', 'boolean'], `${path}/0`, `${name}'s operands`)) return null;
      if (!c.expect(r, [l.type], `${path}/1`, `${name}'s operands (like ${l.label})`)) return null;
      const left = l.eval;
      const right = r.eval;
      return binary(l, r, symbol, (ctx) => {
        const a = left(ctx);
        if (a === null || isError(a)) return a;
        const b = right(ctx);
        if (b === null || isError(b)) return b;
        if (Array.isArray(a) || Array.isArray(b)) return evalError('TYPE_MISMATCH', `${name} compares scalars, not lists`);
        return (a === b) !== negate;
      });
    },
  };
  return spec;
}

function binary(l: Compiled, r: Compiled, symbol: string, evaluate: Evaluator): Compiled {
  return {
    type: 'boolean',
    label: `${l.label} ${symbol} ${r.label}`,
    eval: evaluate,
    describe: (ctx) => `${renderOperand(l, ctx)} ${symbol} ${renderOperand(r, ctx)}`,
  };
}

export const gtOperator = ordering('gt', '>', (a, b) => a > b);
export const gteOperator = ordering('gte', '≥', (a, b) => a >= b);
export const ltOperator = ordering('lt', '<', (a, b) => a < b);
export const lteOperator = ordering('lte', '≤', (a, b) => a <= b);
export const eqOperator = equality('eq', '=', false);
export const neOperator = equality('ne', '≠', true);
