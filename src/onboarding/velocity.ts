import type { Clock } from '../core/clock.js';
import type { Capabilities, Executor } from '../db/executor.js';
import type { SignupPolicy } from '../policy/policy.js';
import * as store from './velocity.store.js';

export type VelocityKind = 'ip' | 'network' | 'device' | 'email';

export interface VelocityCount {
  kind: VelocityKind;
  /** Sign-ups within the window, this one included when it was counted. */
  count: number;
  limit: number;
  exceeded: boolean;
}

/** Buckets per window: the window slides in steps of 1/BUCKETS of its length (at least a minute). */
const BUCKETS = 60;
/** Counters older than this are deleted; longer windows are not supported. */
const KEEP_MINUTES = 7 * 24 * 60;

/**
 * Sliding-window sign-up counters per IP (the intel's `subscriber`: an IPv4 address or an IPv6
 * /64, inside which privacy addresses rotate), network (its `prefix`: the IPv4 /24 or IPv6 /48),
 * device and normalised email. (Full IPv6 addresses were counted before: counters kept under that
 * shape are simply not read again, and windows last a day or so.)
 * Buckets are named by their start in epoch minutes, so windows of any length share one table;
 * keys are keyed digests (`digest`), so the counters hold no addresses.
 */
export class Velocity {
  constructor(
    private readonly clock: Clock,
    private readonly digest: (kind: string, value: string) => string,
    private readonly caps: Pick<Capabilities, 'writableCte'>,
  ) {}

  /**
   * Counts a sign-up and returns each counter over the window; with `add: false` (the same account
   * signing up again) only reads them, so a resubmission does not look like another sign-up.
   */
  async count(trx: Executor, policy: SignupPolicy['velocity'], values: Partial<Record<VelocityKind, string>>, add = true): Promise<VelocityCount[]> {
    const window = Math.min(KEEP_MINUTES, Math.max(1, policy.windowMinutes));
    const step = Math.max(1, Math.floor(window / BUCKETS));
    const minute = Math.floor(this.clock.now().getTime() / 60_000);
    const bucket = minute - (minute % step);
    const from = bucket - window + step;
    const limits: Record<VelocityKind, number> = { ip: policy.perIp, network: policy.perNetwork, device: policy.perDevice, email: policy.perEmail };
    const counted = (['ip', 'network', 'device', 'email'] as const).filter((k) => values[k]).map((kind) => ({ kind, key: `${kind}:${step}:${this.digest(`velocity:${kind}`, values[kind]!)}` }));
    // Sorted, so concurrent sign-ups take the counter rows' locks in one order (no deadlock).
    const keys = counted.map((c) => c.key).sort();
    const totals = add ? await store.increment(trx, keys, bucket, from, this.caps) : await store.totals(trx, keys, bucket, from);
    return counted.map(({ kind, key }) => {
      const count = totals.get(key) ?? (add ? 1 : 0);
      return { kind, count, limit: limits[kind], exceeded: limits[kind] > 0 && count >= limits[kind] };
    });
  }

  /** Deletes counters no window can reach any more. */
  purge(db: Executor): Promise<number> {
    return store.purgeBefore(db, Math.floor(this.clock.now().getTime() / 60_000) - KEEP_MINUTES);
  }
}
