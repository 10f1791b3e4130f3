import { z } from 'zod';
import type { BaselineDef, OperatorSpec } from '../compiler.js';
import { MONITORING_EVENT_TYPES } from '../event.js';
import { baselineKeyOf } from '../baselines.js';

const args = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case'),
    of: z.string(),
    types: z.array(z.enum(MONITORING_EVENT_TYPES)).min(1),
    alpha: z.number().gt(0).lte(1),
    key: z.string().optional(),
  })
  .strict();

/**
 * `baseline: { name, of, types, alpha, key? }`: the customer's exponentially weighted moving
 * average of `of` over earlier events of `types` (per value of the current event's `key` field),
 * excluding the current event; unknown (null) until there is history. Every rule naming the
 * baseline shares it, so the definitions must agree.
 */
export const baselineOperator: OperatorSpec = {
  name: 'baseline',
  usage: 'baseline: { name: avg_ticket, of: amount, types: [payment.deposit], alpha: 0.2, key?: currency }',
  compile(arg, c, path, scope) {
    if (scope.window) return c.fail(path, 'baseline cannot be used inside a window where');
    const a = c.object(args, arg, path, this);
    if (!a) return null;
    const ofType = c.fieldType(a.of, a.types, `${path}/of`);
    if (ofType !== null && ofType !== 'number') return c.fail(`${path}/of`, `a baseline averages a numeric field, ${a.of} is ${ofType}`);
    if (a.key !== undefined && (c.fieldType(a.key, a.types, `${path}/key`) === null || c.fieldType(a.key, scope.types, `${path}/key`) === null)) return null;
    if (ofType === null) return null;
    const def: BaselineDef = { name: a.name, of: a.of, types: a.types, alpha: a.alpha, key: a.key ?? null };
    const known = c.baselines.get(a.name);
    if (known && JSON.stringify(known) !== JSON.stringify(def)) return c.fail(path, `baseline ${a.name} is already defined differently: ${JSON.stringify(known)}`);
    c.baselines.set(a.name, def);
    const keyOf = baselineKeyOf(def);
    return {
      type: 'number',
      label: `baseline ${a.name}`,
      eval: (ctx) => {
        const key = keyOf(ctx.current);
        return key === null ? null : (ctx.state.baseline(def.name, key)?.avg ?? null);
      },
    };
  },
};
