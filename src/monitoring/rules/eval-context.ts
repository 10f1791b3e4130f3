import type { CustomerMonitorState, StateLayout, StoredEvent } from './customer-state.js';
import type { MonitoringEvent } from './event.js';

export const MAX_EVIDENCE = 50;

/**
 * What a compiled expression reads while it runs. One instance per rule set is reused for every
 * event, so evaluation allocates nothing unless a rule fires.
 */
export interface EvalContext {
  /** The event being evaluated. */
  current: MonitoringEvent;
  /** The event `field` reads: the current one, or a past one while a window's `where` runs. */
  subject: MonitoringEvent | StoredEvent;
  /** The current event as stored in the state (null when no rule keeps its type), so since_last can skip it. */
  currentStored: StoredEvent | null;
  state: CustomerMonitorState;
  layout: StateLayout;
  /** Bumped per event; memoised `values` are valid while it is unchanged. */
  gen: number;
  /** Set only while re-running a rule that fired, to learn which events made it fire. */
  evidence: Evidence | null;
}

/**
 * Where a window over a type must stop (exclusive): `reach` (the current occurredAt minus the
 * window), but never before the retention horizon. What lies before that is due for pruning;
 * hiding it makes results independent of when pruning happens, so a state restored from a
 * checkpoint behaves exactly like the one that wrote it. Retention includes the allowed lateness,
 * so only an event later than that sees a truncated window (its own event and later ones at least).
 */
export function windowStart(ctx: EvalContext, typeIndex: number, reach: number): number {
  const horizon = (ctx.state.newestAt ?? -Infinity) - (ctx.layout.byIndex[typeIndex]?.ms ?? 0);
  return Math.max(reach, Math.min(horizon, ctx.current.occurredAt - 1));
}

/** Ids of the window events that made a rule fire; the newest are kept when there are too many. */
export class Evidence {
  private readonly seen = new Map<string, number>();

  add(e: StoredEvent): void {
    this.seen.set(e.id, e.occurredAt);
  }

  ids(current: MonitoringEvent): string[] {
    const others = [...this.seen].filter(([id]) => id !== current.id).sort((a, b) => b[1] - a[1]);
    return [current.id, ...others.slice(0, MAX_EVIDENCE - 1).map(([id]) => id)];
  }
}
