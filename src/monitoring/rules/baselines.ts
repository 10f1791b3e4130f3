import type { BaselineDef } from './compiler.js';
import type { CustomerMonitorState } from './customer-state.js';
import type { MonitoringEvent } from './event.js';

/** The baseline key of an event: '' for an unkeyed baseline, null when the key field is missing. */
export function baselineKeyOf(def: BaselineDef): (e: MonitoringEvent) => string | null {
  const field = def.key;
  if (field === null) return () => '';
  return (e) => {
    const v = e.data[field];
    return v === undefined ? null : Array.isArray(v) ? v.join(',') : String(v);
  };
}

/** Folds the event into every baseline that averages its type; runs after the rules saw the event. */
export function updateBaselines(state: CustomerMonitorState, defs: readonly BaselineDef[], keys: ReadonlyArray<(e: MonitoringEvent) => string | null>, event: MonitoringEvent): void {
  for (let i = 0; i < defs.length; i++) {
    const def = defs[i]!;
    const x = event.data[def.of];
    if (typeof x !== 'number' || !Number.isFinite(x)) continue;
    const key = keys[i]!(event);
    if (key !== null) state.updateBaseline(def.name, key, x, def.alpha, event.occurredAt);
  }
}
