import { z } from 'zod';
import type { Compiled, OperatorSpec } from '../compiler.js';
import type { StoredEvent } from '../customer-state.js';
import { windowStart } from '../eval-context.js';
import { EVENT_TYPE_INDEX, MONITORING_EVENT_TYPES } from '../event.js';
import { evalError, isError, SINCE_LAST_NEVER } from '../value.js';

const args = z
  .object({
    types: z.array(z.enum(MONITORING_EVENT_TYPES)).min(1),
    where: z.unknown().optional(),
    /** How far back to look; the state keeps these types that long. */
    within: z.string().optional(),
  })
  .strict();

const DEFAULT_WITHIN = '30d';

/**
 * `since_last: { types, where?, within? }`: milliseconds since the most recent earlier matching
 * event (stamped no later than the current one). When there is none within `within` (default
 * 30d) it is SINCE_LAST_NEVER (Number.MAX_SAFE_INTEGER), so "more than X ago" holds for "never".
 */
export const sinceLastOperator: OperatorSpec = {
  name: 'since_last',
  usage: 'since_last: { types: [account.login], where?: condition, within?: 30d }',
  compile(arg, c, path, scope) {
    if (scope.window) return c.fail(path, 'since_last cannot be used inside a window where');
    const a = c.object(args, arg, path, this);
    if (!a) return null;
    const withinMs = c.duration(a.within ?? DEFAULT_WITHIN, `${path}/within`);
    const fields = new Set<string>();
    let where: Compiled | null = null;
    if (a.where !== undefined) {
      where = c.expr(a.where, `${path}/where`, { types: a.types, window: { currentTypes: scope.types, fields } });
      if (!where || !c.expect(where, ['boolean'], `${path}/where`, 'where')) return null;
    }
    if (withinMs === null) return null;
    c.retain(a.types, withinMs, fields);
    const types = a.types;
    const indexes = types.map((t) => EVENT_TYPE_INDEX[t]);
    const test = where?.eval ?? null;
    return {
      type: 'number',
      label: `time since last ${types.join('/')}${where ? ` where ${where.label}` : ''}`,
      eval: (ctx) => {
        const now = ctx.current.occurredAt;
        let best: StoredEvent | null = null;
        for (const idx of indexes) {
          const bucket = ctx.state.buckets[idx];
          if (!bucket) continue;
          const from = windowStart(ctx, idx, now - withinMs);
          for (let i = bucket.items.length - 1; i >= bucket.start; i--) {
            const e = bucket.items[i]!;
            if (e.occurredAt <= from || (best !== null && e.occurredAt <= best.occurredAt)) break;
            if (e === ctx.currentStored || e.occurredAt > now) continue;
            if (test !== null) {
              ctx.subject = e;
              const ok = test(ctx);
              ctx.subject = ctx.current;
              if (isError(ok)) return ok;
              if (ok !== true && ok !== false && ok !== null) return evalError('TYPE_MISMATCH', 'where must be a condition');
              if (ok !== true) continue;
            }
            best = e;
            break;
          }
        }
        if (best === null) return SINCE_LAST_NEVER;
        ctx.evidence?.add(best);
        return now - best.occurredAt;
      },
    };
  },
};
