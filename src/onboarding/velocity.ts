import type { Clock } from '../core/clock.js';
import type { Capabilities, Executor } from '../db/executor.js';
import { parseIp } from '../intel/ip/ip-address.js';
import { subscriberOf } from '../intel/ip/ip-format.js';
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
 * The per-IP counter counts a subscriber, not an address: an IPv6 client holds a whole /64 and
 * its privacy addresses rotate inside it. (Before, full IPv6 addresses were counted: counters kept
 * under that shape are simply not read again, and windows last a day or so.)
 */
function subscriberKey(ip: string): string {
  const key = parseIp(ip);
  return key ? subscriberOf(key) : ip;
}

/**
 * Sliding-window sign-up counters per IP (IPv4 address, IPv6 /64), network (the caller's
 * `network`: the IPv4 /24 or IPv6 /48 from the intel `prefix`), device and normalised email.
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
    const keyed = { ...values, ...(values.ip ? { ip: subscriberKey(values.ip) } : {}) };
    const counted = (['ip', 'network', 'device', 'email'] as const).filter((k) => keyed[k]).map((kind) => ({ kind, key: `${kind}:${step}:${this.digest(`velocity:${kind}`, keyed[kind]!)}` }));
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
