import { z } from 'zod';
import type { BaselineDef, OperatorSpec } from '../compiler.js';
import { baselineKeyOf } from '../baselines.js';
import type { MonitoringEvent } from '../event.js';

const args = z.object({ name: z.string() }).strict();

/**
 * `baseline_count: { name }`: how many earlier events the named baseline has averaged (for the
 * current event's key), so a rule can require enough history before trusting the average.
 */
export const baselineCountOperator: OperatorSpec = {
  name: 'baseline_count',
  usage: 'baseline_count: { name: avg_ticket }',
  compile(arg, c, path, scope) {
    if (scope.window) return c.fail(path, 'baseline_count cannot be used inside a window where');
    const a = c.object(args, arg, path, this);
    if (!a) return null;
    // The baseline may be declared by a later rule, so it is resolved once all rules are compiled.
    let def: BaselineDef | null = null;
    let keyOf: (e: MonitoringEvent) => string | null = () => null;
    c.later(() => {
      def = c.baselines.get(a.name) ?? null;
      if (def === null) return `no baseline named ${a.name} is declared in the rule set (declare it with baseline: { name: ${a.name}, … })`;
      keyOf = baselineKeyOf(def);
      return null;
    }, `${path}/name`);
    return {
      type: 'number',
      label: `history of ${a.name}`,
      eval: (ctx) => {
        const key = keyOf(ctx.current);
        return key === null || def === null ? 0 : (ctx.state.baseline(def.name, key)?.n ?? 0);
      },
    };
  },
};
