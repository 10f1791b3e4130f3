import type { OperatorSpec } from '../compiler.js';

/** `value: name`: one of the rule's named values, computed once per event however often it is used. */
export const valueOperator: OperatorSpec = {
  name: 'value',
  usage: 'value: name (declared in the rule values)',
  compile(arg, c, path, scope) {
    if (typeof arg !== 'string') return c.fail(path, `value takes a value name: ${this.usage}`);
    if (scope.window) return c.fail(path, 'value cannot be used inside a window where; use current to read the event being evaluated');
    if (!c.values.has(arg)) {
      const known = [...c.values.keys()];
      return c.fail(path, `no value named ${arg} is declared before this point${known.length ? ` (declared: ${known.join(', ')})` : ''}`);
    }
    return c.values.get(arg) ?? null;
  },
};
