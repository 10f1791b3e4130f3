import { z } from 'zod';
import type { Compiled, Compiler, Evaluator, OperatorSpec, Scope } from '../compiler.js';
import type { StoredEvent } from '../customer-state.js';
import { windowStart, type EvalContext } from '../eval-context.js';
import { EVENT_TYPE_INDEX, MONITORING_EVENT_TYPES, type FieldType, type MonitoringEventType } from '../event.js';
import { evalError, isError, type EvalError } from '../value.js';
import { eventReader } from './field.js';

/** A window over this customer's recent events, the current one included. */
export interface WindowSpec {
  readonly withinMs: number;
  readonly types: readonly MonitoringEventType[];
  /** The types as EVENT_TYPE_INDEX positions, for the per-event path. */
  readonly typeIndexes: readonly number[];
  readonly where: Evaluator | null;
}

export const windowArgs = z
  .object({
    within: z.string(),
    types: z.array(z.enum(MONITORING_EVENT_TYPES)).min(1),
    where: z.unknown().optional(),
    of: z.string().optional(),
  })
  .strict();

export interface CompiledWindow {
  readonly spec: WindowSpec;
  readonly of: ((e: StoredEvent) => StoredEvent['data'][string] | null) | null;
  readonly ofType: FieldType | null;
  readonly label: string;
}

/**
 * Compiles the arguments shared by count, sum, max and distinct, and records how long the state
 * must keep the window's event types and which of their fields.
 */
export function compileWindow(op: OperatorSpec, arg: unknown, c: Compiler, path: string, scope: Scope, needsOf: boolean): CompiledWindow | null {
  if (scope.window) return c.fail(path, `${op.name} cannot be used inside a window where`);
  const a = c.object(windowArgs, arg, path, op);
  if (!a) return null;
  const withinMs = c.duration(a.within, `${path}/within`);
  if (needsOf && a.of === undefined) return c.fail(path, `${op.name} needs of: the field to aggregate (${op.usage})`);
  if (!needsOf && a.of !== undefined) return c.fail(`${path}/of`, `${op.name} takes no of`);
  const ofType = a.of === undefined ? null : c.fieldType(a.of, a.types, `${path}/of`);
  const fields = new Set<string>(a.of === undefined ? [] : [a.of]);
  let where: Compiled | null = null;
  if (a.where !== undefined) {
    where = c.expr(a.where, `${path}/where`, { types: a.types, window: { currentTypes: scope.types, fields } });
    if (where && !c.expect(where, ['boolean'], `${path}/where`, 'where')) return null;
    if (!where) return null;
  }
  if (withinMs === null || (a.of !== undefined && ofType === null)) return null;
  c.retain(a.types, withinMs, fields);
  const label = `${a.of ? `${a.of} of ` : ''}${a.types.join('/')} within ${a.within}${where ? ` where ${where.label}` : ''}`;
  return { spec: { withinMs, types: a.types, typeIndexes: a.types.map((t) => EVENT_TYPE_INDEX[t]), where: where?.eval ?? null }, of: a.of === undefined ? null : eventReader(a.of), ofType, label };
}

/**
 * Calls `visit` for each retained event of the window's types whose occurredAt is within `within`
 * before the current event's (events stamped later that arrived earlier count too, so a burst
 * delivered out of order is still seen whole) and that passes `where`. Stops at the first
 * error, from `where` or from `visit`.
 */
export function scanWindow(ctx: EvalContext, spec: WindowSpec, visit: (e: StoredEvent) => EvalError | null): EvalError | null {
  const reach = ctx.current.occurredAt - spec.withinMs;
  const where = spec.where;
  const indexes = spec.typeIndexes;
  for (let t = 0; t < indexes.length; t++) {
    const bucket = ctx.state.buckets[indexes[t]!];
    if (!bucket) continue;
    const from = windowStart(ctx, indexes[t]!, reach);
    const items = bucket.items;
    for (let i = items.length - 1; i >= bucket.start; i--) {
      const e = items[i]!;
      if (e.occurredAt <= from) break;
      if (where !== null) {
        ctx.subject = e;
        const ok = where(ctx);
        ctx.subject = ctx.current;
        if (ok !== true) {
          if (ok !== false && ok !== null) return isError(ok) ? ok : evalError('TYPE_MISMATCH', 'where must be a condition');
          continue;
        }
      }
      const err = visit(e);
      if (err !== null) return err;
      if (ctx.evidence !== null) ctx.evidence.add(e);
    }
  }
  return null;
}
