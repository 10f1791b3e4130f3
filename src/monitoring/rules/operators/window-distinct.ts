import type { OperatorSpec } from '../compiler.js';
import type { StoredEvent } from '../customer-state.js';
import { compileWindow, scanWindow } from './window.js';

/** `distinct: { within, types, of, where? }`: how many different values a field took; each item of a list field counts. */
export const distinctOperator: OperatorSpec = {
  name: 'distinct',
  usage: 'distinct: { within: 7d, types: [crypto.deposit], of: address, where?: condition }',
  compile(arg, c, path, scope) {
    const w = compileWindow(this, arg, c, path, scope, true);
    if (!w || !w.of) return null;
    const spec = w.spec;
    const read = w.of;
    const seen = new Set<unknown>();
    const visit = (e: StoredEvent): null => {
      const v = read(e);
      if (Array.isArray(v)) for (const x of v) seen.add(x);
      else if (v !== null) seen.add(v);
      return null;
    };
    return {
      type: 'number',
      label: `distinct(${w.label})`,
      eval: (ctx) => {
        seen.clear();
        const err = scanWindow(ctx, spec, visit);
        const n = seen.size;
        seen.clear();
        return err ?? n;
      },
    };
  },
};
