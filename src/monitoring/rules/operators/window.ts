import { z } from 'zod';
import type { Compiled, Compiler, Evaluator, OperatorSpec, Scope } from '../compiler.js';
import { runTotals, type EventRun, type KeyValue, type StoredEvent } from '../customer-state.js';
import { windowStart, type EvalContext } from '../eval-context.js';
import { BUILTIN_FIELDS, EVENT_TYPE_INDEX, MONITORING_EVENT_TYPES, type FieldType, type MonitoringEventType } from '../event.js';
import { evalError, isError, type EvalError } from '../value.js';
import { eventReader } from './field.js';

/** A window over this customer's recent events, the current one included. */
export interface WindowSpec {
  readonly withinMs: number;
  readonly types: readonly MonitoringEventType[];
  /** The types as EVENT_TYPE_INDEX positions, for the per-event path. */
  readonly typeIndexes: readonly number[];
  readonly where: Evaluator | null;
  /**
   * A data field `where` requires to equal the current event's (`eq: [{field: f}, {current: f}]`,
   * alone or inside a top-level `all`): the window then reads only that value's events, through
   * the state's per-key index, instead of every event of its types. `where` still runs on each of
   * them, unless it is that equality alone (then `where` is null here).
   */
  readonly key: string | null;
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
  /** The data field `of` reads (null for none, or a built-in such as occurredAt). */
  readonly ofField: string | null;
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
  const key = a.where === undefined ? null : equalityKey(a.where);
  // A where that is nothing but the key's equality is answered by the index itself.
  const whereOnlyKey = key !== null && isEquality(a.where);
  const spec: WindowSpec = { withinMs, types: a.types, typeIndexes: a.types.map((t) => EVENT_TYPE_INDEX[t]), where: whereOnlyKey ? null : (where?.eval ?? null), key };
  return { spec, of: a.of === undefined ? null : eventReader(a.of), ofField: a.of === undefined || BUILTIN_FIELDS[a.of] ? null : a.of, ofType, label };
}

/** The field of an `eq: [{field: f}, {current: f}]` (either order) that `where` requires, if any. */
export function equalityKey(where: unknown): string | null {
  if (where === null || typeof where !== 'object' || Array.isArray(where)) return null;
  const node = where as Record<string, unknown>;
  const keys = Object.keys(node);
  if (keys.length !== 1) return null;
  if (keys[0] === 'all' && Array.isArray(node['all'])) {
    for (const part of node['all']) {
      const key = equalityKey(part);
      if (key !== null) return key;
    }
    return null;
  }
  if (keys[0] !== 'eq' || !Array.isArray(node['eq']) || node['eq'].length !== 2) return null;
  const [l, r] = node['eq'] as unknown[];
  const name = (x: unknown, op: string): string | null => {
    const v = x !== null && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 ? (x as Record<string, unknown>)[op] : undefined;
    return typeof v === 'string' && !BUILTIN_FIELDS[v] ? v : null;
  };
  const f = name(l, 'field') ?? name(r, 'field');
  const c = name(l, 'current') ?? name(r, 'current');
  return f !== null && f === c ? f : null;
}

function isEquality(where: unknown): boolean {
  return where !== null && typeof where === 'object' && Object.keys(where).length === 1 && 'eq' in where;
}

/** The key's value on the current event, or null when no event can match it (eq is never true against unknown). */
function currentKey(ctx: EvalContext, spec: WindowSpec): KeyValue | null {
  const v = ctx.current.data[spec.key!];
  return v === undefined || v === null || typeof v === 'object' ? null : v;
}

/**
 * The events a window reads of one type: the bucket, or the current key's run (null when there is
 * none). Sets `scope.from`, the occurredAt it must stop at (exclusive); one object is reused, as
 * windows never nest.
 */
const scope = { from: 0 };
function source(ctx: EvalContext, spec: WindowSpec, typeIndex: number, reach: number, key: KeyValue | null): EventRun | null {
  const bucket = ctx.state.buckets[typeIndex];
  if (!bucket || bucket.start === bucket.items.length) return null;
  scope.from = windowStart(ctx, typeIndex, reach);
  if (spec.key === null) return bucket;
  const run = ctx.state.keyed(typeIndex, spec.key, key!);
  // A key's run may still hold events the bucket has pruned: all are older than its first live one.
  if (run) scope.from = Math.max(scope.from, bucket.items[bucket.start]!.occurredAt - 1);
  return run ?? null;
}

/** Events in a window from which running totals beat adding them up one by one. */
const TOTALS_FROM = 64;

/** The first index of `run` (from its start) whose event lies after `from`, by binary search. */
function firstAfter(run: EventRun, from: number): number {
  const items = run.items;
  let lo = run.start;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.occurredAt <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many retained events of the window's types lie within it, by binary search: for a window
 * whose `where` is none or its key alone, when no evidence is being collected (scanWindow does that).
 */
export function countWindow(ctx: EvalContext, spec: WindowSpec): number {
  const reach = ctx.current.occurredAt - spec.withinMs;
  const key = spec.key === null ? null : currentKey(ctx, spec);
  if (spec.key !== null && key === null) return 0;
  let n = 0;
  for (let t = 0; t < spec.typeIndexes.length; t++) {
    const run = source(ctx, spec, spec.typeIndexes[t]!, reach, key);
    if (run) n += run.items.length - firstAfter(run, scope.from);
  }
  return n;
}

/**
 * The total of an integer data field over the window, from the runs' running totals (a busy
 * customer's hour of proxy usage is thousands of events): for the same windows as countWindow.
 * Null when a value in reach is not an integer, or the window is short: the caller then sums the
 * events one by one.
 */
export function sumWindow(ctx: EvalContext, spec: WindowSpec, field: string): number | null {
  const reach = ctx.current.occurredAt - spec.withinMs;
  const key = spec.key === null ? null : currentKey(ctx, spec);
  if (spec.key !== null && key === null) return 0;
  let total = 0;
  for (let t = 0; t < spec.typeIndexes.length; t++) {
    const run = source(ctx, spec, spec.typeIndexes[t]!, reach, key);
    if (!run) continue;
    const first = firstAfter(run, scope.from);
    // A short window is summed faster event by event than through totals it would have to build.
    if (run.items.length - first < TOTALS_FROM) return null;
    const totals = runTotals(run, field);
    total += totals[run.items.length]! - totals[first]!;
  }
  return Number.isNaN(total) ? null : total;
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
  const key = spec.key === null ? null : currentKey(ctx, spec);
  if (spec.key !== null && key === null) return null;
  for (let t = 0; t < indexes.length; t++) {
    const run = source(ctx, spec, indexes[t]!, reach, key);
    if (!run) continue;
    const from = scope.from;
    const items = run.items;
    for (let i = items.length - 1; i >= run.start; i--) {
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
