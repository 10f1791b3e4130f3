import { EVENT_TYPE_INDEX, MONITORING_EVENT_TYPES, type EventData, type MonitoringEvent, type MonitoringEventType } from './event.js';
import { parseStateJSON, type CustomerMonitorStateJSON } from './state-json.js';

/** An event as windows see it later: only the data fields some rule reads. */
export interface StoredEvent {
  readonly id: string;
  readonly seq: number;
  readonly type: MonitoringEventType;
  readonly occurredAt: number;
  readonly data: EventData;
}

/** Events sorted by occurredAt; entries before `start` are dropped, compacted lazily. */
export interface EventRun {
  items: StoredEvent[];
  start: number;
  /**
   * Not below the newest occurredAt in `items` (equal unless that event was removed): an event at
   * or after it is appended without reading the last one, an old object rarely still in the cache.
   */
  maxAt: number;
  /**
   * Running totals of integer data fields (see runTotals), derived and never checkpointed: kept
   * while events are only appended, dropped when one is inserted or removed in between.
   */
  totals?: Map<string, number[]> | undefined;
}

/**
 * `t[i]` is the total of `field` over `run.items[0..i)`, so a window's sum is a difference of two
 * entries; caught up lazily with events appended since the last read. Integers only, so the
 * difference is exact: a value that is not an integer (or not a number) makes the entry NaN from
 * there on, and the reader sums the window itself.
 */
export function runTotals(run: EventRun, field: string): number[] {
  run.totals ??= new Map();
  let t = run.totals.get(field);
  if (!t) run.totals.set(field, (t = [0]));
  for (let i = t.length - 1; i < run.items.length; i++) {
    const v = run.items[i]!.data[field];
    t.push(t[i]! + (v === undefined || v === null ? 0 : Number.isInteger(v) ? (v as number) : NaN));
  }
  return t;
}

/**
 * One type's events. `byKey` holds, per data field a window is keyed on (a `where` that keeps
 * events whose field equals the current event's), the same events split by that field's value,
 * so such a window reads one key's events instead of the whole type's. Built when first read,
 * kept up to date by observe, and dropped (to be rebuilt from the live events) when the bucket
 * compacts, which also forgets keys whose events all expired.
 */
export interface Bucket extends EventRun {
  byKey: Map<string, Map<KeyValue, EventRun>> | null;
  /**
   * occurredAt of the first live event (`items[start]`; Infinity when there is none), so that a
   * new event finds nothing to prune without reading an old event, rarely still in the cache.
   */
  firstAt: number;
  /**
   * The run a `keyed` read last found, or the current event joined (`hotRun`, with its field and
   * value): the windows of a rule mostly read the current event's key, so they find it without a
   * look-up in a map of hundreds of keys. `hotRun` is cleared when a run may leave `byKey`.
   */
  hotField: string | null;
  hotValue: KeyValue | null;
  hotRun: EventRun | null;
}

export type KeyValue = string | number | boolean;

/** What a compiled rule set needs kept; the state itself stays policy-agnostic. */
export interface Retention {
  /** The type's longest window plus the allowed lateness. */
  readonly ms: number;
  readonly fields: readonly string[];
}

export interface StateLayout {
  readonly retention: ReadonlyMap<MonitoringEventType, Retention>;
  /** The same, indexed by EVENT_TYPE_INDEX, for the per-event path. */
  readonly byIndex: ReadonlyArray<Retention | null>;
  readonly maxCooldownMs: number;
  /** Baselines the rules read; others (left by an earlier policy) are not checkpointed. */
  readonly baselineNames: ReadonlySet<string>;
}

export interface BaselineEntry {
  avg: number;
  n: number;
  /** The newest occurredAt among its updates (eviction goes by update order, see updateBaseline). */
  at: number;
}

export interface StateLimits {
  /** Oldest events of a type are dropped beyond this, so one flooding type cannot evict another's history. */
  maxEventsPerType: number;
  /** Keys per keyed baseline (e.g. target hosts); the least recently updated one is evicted. */
  maxBaselineKeys: number;
}

const DEFAULT_LIMITS: StateLimits = { maxEventsPerType: 5000, maxBaselineKeys: 1000 };
const COMPACT_AFTER = 256;
const PRUNE_FIRED_ABOVE = 64;

/**
 * One customer's monitoring memory: recent events per type (pruned to the rule set's retention
 * behind the newest occurredAt, and capped), baselines, and when each rule last fired. The service
 * checkpoints it with toJSON after every batch; fromJSON(toJSON()) is exact.
 */
export class CustomerMonitorState {
  newestAt: number | null = null;
  /** Indexed by EVENT_TYPE_INDEX; null until the first event of the type is kept. */
  readonly buckets: Array<Bucket | null> = MONITORING_EVENT_TYPES.map(() => null);
  readonly baselines = new Map<string, Map<string, BaselineEntry>>();
  /** Cooldown key (rule id, NUL, alert key) → occurredAt of the event that last raised it. */
  readonly fired = new Map<string, number>();
  readonly limits: StateLimits;
  /** The layout last observed with, so a checkpoint leaves out what the rules no longer need. */
  private layout: StateLayout | null = null;
  /**
   * The baseline entry last read or updated: the rules read the current event's key and the
   * update after them folds the event into the same one, so a map of up to maxBaselineKeys is
   * searched once per event instead of at each.
   */
  private hotName = '';
  private hotKey = '';
  private hotEntry: BaselineEntry | null = null;

  constructor(
    readonly customerId: string,
    limits: Partial<StateLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Keeps the compact form of `event` if a rule needs its type; returns it so windows can include it. */
  observe(event: MonitoringEvent, layout: StateLayout): StoredEvent | null {
    if (this.newestAt === null || event.occurredAt > this.newestAt) this.newestAt = event.occurredAt;
    this.layout = layout;
    const idx = EVENT_TYPE_INDEX[event.type];
    const spec = layout.byIndex[idx];
    if (!spec) return null;
    const data = spec.fields.length === 0 ? NO_DATA : pick(event.data, spec.fields);
    const stored: StoredEvent = { id: event.id, seq: event.seq, type: event.type, occurredAt: event.occurredAt, data };
    let bucket = this.buckets[idx];
    if (!bucket) this.buckets[idx] = bucket = { items: [], start: 0, maxAt: -Infinity, byKey: null, firstAt: Infinity, hotField: null, hotValue: null, hotRun: null };
    // Only this type's bucket: touching every bucket costs a cache miss each, and windows stop at
    // their own horizon anyway; toJSON leaves out what has expired in the others.
    this.prune(bucket, spec.ms);
    if (bucket.items.length - bucket.start >= this.limits.maxEventsPerType) {
      const dropped = bucket.items[bucket.start++]!;
      bucket.firstAt = bucket.items[bucket.start]?.occurredAt ?? Infinity;
      if (bucket.byKey) for (const [field, runs] of bucket.byKey) removeFromRun(runs, dropped.data[field], dropped);
      bucket.hotRun = null;
    }
    insertSorted(bucket, stored);
    // Events are kept sorted: the first live one is the oldest.
    if (stored.occurredAt < bucket.firstAt) bucket.firstAt = stored.occurredAt;
    if (bucket.byKey) {
      for (const [field, runs] of bucket.byKey) {
        const value = stored.data[field];
        const run = addToRun(runs, value, stored);
        if (run) setHot(bucket, field, value as KeyValue, run);
      }
    }
    return stored;
  }

  /**
   * The events of a type whose `field` equals `value`, oldest first from `start`. Events the
   * bucket has pruned may linger at the front: readers stop at the bucket's first live event.
   */
  keyed(typeIndex: number, field: string, value: KeyValue): EventRun | undefined {
    const bucket = this.buckets[typeIndex];
    if (!bucket) return undefined;
    bucket.byKey ??= new Map();
    if (bucket.hotRun !== null && bucket.hotValue === value && bucket.hotField === field) return bucket.hotRun;
    let runs = bucket.byKey.get(field);
    if (!runs) {
      bucket.byKey.set(field, (runs = new Map()));
      for (let i = bucket.start; i < bucket.items.length; i++) addToRun(runs, bucket.items[i]!.data[field], bucket.items[i]!);
    }
    const run = runs.get(value);
    if (run) setHot(bucket, field, value, run);
    return run;
  }

  private prune(bucket: Bucket, retainMs: number): void {
    const items = bucket.items;
    const start = this.firstLive(bucket, retainMs);
    if (start !== bucket.start) {
      bucket.start = start;
      bucket.firstAt = items[start]?.occurredAt ?? Infinity;
    }
    if (bucket.start > COMPACT_AFTER && bucket.start * 2 > items.length) {
      items.splice(0, bucket.start);
      bucket.start = 0;
      bucket.byKey = null;
      bucket.hotRun = null;
      bucket.totals = undefined;
    }
  }

  private firstLive(bucket: Bucket, retainMs: number): number {
    const horizon = (this.newestAt ?? 0) - retainMs;
    if (bucket.firstAt > horizon) return bucket.start;
    let i = bucket.start;
    while (i < bucket.items.length && bucket.items[i]!.occurredAt <= horizon) i++;
    return i;
  }

  /** Events currently retained, across types. */
  get eventCount(): number {
    let n = 0;
    for (const b of this.buckets) if (b) n += b.items.length - b.start;
    return n;
  }

  baseline(name: string, key: string): BaselineEntry | undefined {
    if (this.hotEntry !== null && this.hotKey === key && this.hotName === name) return this.hotEntry;
    const entry = this.baselines.get(name)?.get(key);
    if (entry) this.setHotBaseline(name, key, entry);
    return entry;
  }

  private setHotBaseline(name: string, key: string, entry: BaselineEntry): void {
    this.hotName = name;
    this.hotKey = key;
    this.hotEntry = entry;
  }

  updateBaseline(name: string, key: string, x: number, alpha: number, at: number): void {
    let byKey = this.baselines.get(name);
    if (!byKey) this.baselines.set(name, (byKey = new Map()));
    // The map is kept in update order (an updated key moves to the end), so the least recently
    // updated key, the one evicted when the baseline is full, is always the first.
    const entry = this.baseline(name, key);
    if (entry) {
      entry.avg += alpha * (x - entry.avg);
      entry.n++;
      if (at > entry.at) entry.at = at;
      byKey.delete(key);
      byKey.set(key, entry);
      return;
    }
    // The evicted key may be the hot one: the new key takes its place there.
    if (byKey.size >= this.limits.maxBaselineKeys) byKey.delete(byKey.keys().next().value!);
    const added = { avg: x, n: 1, at };
    byKey.set(key, added);
    this.setHotBaseline(name, key, added);
  }

  lastFired(cooldownKey: string): number | undefined {
    return this.fired.get(cooldownKey);
  }

  markFired(cooldownKey: string, at: number, layout: StateLayout): void {
    this.fired.set(cooldownKey, Math.max(at, this.fired.get(cooldownKey) ?? at));
    if (this.fired.size <= PRUNE_FIRED_ABOVE) return;
    const horizon = (this.newestAt ?? at) - layout.maxCooldownMs;
    for (const [k, t] of this.fired) if (t <= horizon) this.fired.delete(k);
  }

  toJSON(): CustomerMonitorStateJSON {
    const events: CustomerMonitorStateJSON['events'] = {};
    this.buckets.forEach((b, i) => {
      const from = b && this.layout ? this.firstLive(b, this.layout.byIndex[i]?.ms ?? 0) : (b?.start ?? 0);
      if (b && b.items.length > from) events[MONITORING_EVENT_TYPES[i]!] = b.items.slice(from).map((e) => [e.id, e.seq, e.occurredAt, e.data]);
    });
    const baselines: CustomerMonitorStateJSON['baselines'] = {};
    for (const [name, byKey] of this.baselines) {
      if (!this.layout || this.layout.baselineNames.has(name)) baselines[name] = [...byKey].map(([k, e]) => [k, e.avg, e.n, e.at]);
    }
    return { v: 1, customerId: this.customerId, newestAt: this.newestAt, events, baselines, fired: [...this.fired] };
  }

  /** Restores a checkpoint; throws MONITORING_STATE_INVALID when it is not one. */
  static fromJSON(json: unknown, limits: Partial<StateLimits> = {}): CustomerMonitorState {
    const parsed = parseStateJSON(json);
    const state = new CustomerMonitorState(parsed.customerId, limits);
    state.newestAt = parsed.newestAt;
    for (const [type, rows] of Object.entries(parsed.events) as Array<[MonitoringEventType, CustomerMonitorStateJSON['events'][MonitoringEventType]]>) {
      const items = (rows ?? []).map(([id, seq, occurredAt, data]) => ({ id, seq, type, occurredAt, data }));
      state.buckets[EVENT_TYPE_INDEX[type]] = { items, start: 0, maxAt: items.at(-1)?.occurredAt ?? -Infinity, byKey: null, firstAt: items[0]?.occurredAt ?? Infinity, hotField: null, hotValue: null, hotRun: null };
    }
    for (const [name, rows] of Object.entries(parsed.baselines)) {
      state.baselines.set(name, new Map(rows.map(([k, avg, n, at]) => [k, { avg, n, at }])));
    }
    for (const [k, at] of parsed.fired) state.fired.set(k, at);
    return state;
  }
}

/** Late events go in place, so windows can stop scanning at the first event older than they reach. */
const NO_DATA: EventData = Object.freeze({});

function pick(from: EventData, fields: readonly string[]): EventData {
  const data: Record<string, EventData[string]> = {};
  for (let i = 0; i < fields.length; i++) {
    const v = from[fields[i]!];
    if (v !== undefined) data[fields[i]!] = Array.isArray(v) ? v.slice() : v;
  }
  return data;
}

/** Adds `e` to the run of `value` (created if need be) and returns that run; null for a value no key can take. */
function addToRun(runs: Map<KeyValue, EventRun>, value: EventData[string] | undefined, e: StoredEvent): EventRun | null {
  if (value === undefined || value === null || typeof value === 'object') return null;
  let run = runs.get(value);
  if (run) insertSorted(run, e);
  else runs.set(value, (run = { items: [e], start: 0, maxAt: e.occurredAt }));
  return run;
}

function setHot(bucket: Bucket, field: string, value: KeyValue, run: EventRun): void {
  bucket.hotField = field;
  bucket.hotValue = value;
  bucket.hotRun = run;
}

function removeFromRun(runs: Map<KeyValue, EventRun>, value: EventData[string] | undefined, e: StoredEvent): void {
  if (value === undefined || value === null || typeof value === 'object') return;
  const run = runs.get(value);
  if (!run) return;
  const at = run.items.indexOf(e, run.start);
  if (at < 0) return;
  if (at === run.start) run.start++;
  else {
    run.items.splice(at, 1);
    run.totals = undefined;
  }
  if (run.start === run.items.length) runs.delete(value);
  else if (run.start > COMPACT_AFTER && run.start * 2 > run.items.length) {
    run.items.splice(0, run.start);
    run.start = 0;
    run.totals = undefined;
  }
}

function insertSorted(run: EventRun, e: StoredEvent): void {
  const items = run.items;
  if (e.occurredAt >= run.maxAt) {
    items.push(e);
    run.maxAt = e.occurredAt;
    return;
  }
  let i = items.length;
  while (i > run.start && items[i - 1]!.occurredAt > e.occurredAt) i--;
  if (i === items.length) items.push(e);
  else {
    items.splice(i, 0, e);
    run.totals = undefined;
  }
}
