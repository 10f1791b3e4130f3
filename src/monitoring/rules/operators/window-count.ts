import type { OperatorSpec } from '../compiler.js';
import { compileWindow, countWindow, scanWindow } from './window.js';

/** `count: { within, types, where? }`: how many matching events, the current one included. */
export const countOperator: OperatorSpec = {
  name: 'count',
  usage: 'count: { within: 24h, types: [payment.deposit], where?: condition }',
  compile(arg, c, path, scope) {
    const w = compileWindow(this, arg, c, path, scope, false);
    if (!w) return null;
    const spec = w.spec;
    // Accumulators live beside the closure: windows never nest, so one scan runs at a time.
    let n = 0;
    const visit = (): null => {
      n++;
      return null;
    };
    return {
      type: 'number',
      label: `count(${w.label})`,
      eval: (ctx) => {
        if (spec.where === null && ctx.evidence === null) return countWindow(ctx, spec);
        n = 0;
        return scanWindow(ctx, spec, visit) ?? n;
      },
    };
  },
};
