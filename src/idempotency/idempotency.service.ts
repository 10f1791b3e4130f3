import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { hashOf } from '../core/hash.js';
import type { Database, Executor } from '../db/executor.js';
import { IdempotencyErrors } from './errors.js';
import * as store from './idempotency.store.js';

export interface MutationRequest {
  /** Whose keys these are (an API key id): keys never collide across callers. */
  scope: string;
  /** The Idempotency-Key header, if any. */
  key: string | undefined;
  method: string;
  path: string;
  body: unknown;
}

export interface MutationResult {
  status: number;
  body: unknown;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/**
 * Runs a state change exactly once per idempotency key. The key, the change, its audit
 * records and events commit in one transaction together with the response, so a crash can
 * leave either nothing (the retry runs it) or everything (the retry gets the stored answer).
 */
export class IdempotencyService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly ttlHours: number,
  ) {}

  /**
   * `prepare` runs before the transaction and only when the request is not a replay: the place
   * for calls to other services (a KYC vendor), which must not hold the database's write lock.
   */
  async run<P = undefined>(
    req: MutationRequest,
    change: (trx: Executor, prepared: P) => Promise<{ status: number; body: unknown }>,
    prepare?: () => Promise<P>,
  ): Promise<MutationResult> {
    if (req.key === undefined) {
      const prepared = (await prepare?.()) as P;
      const out = await this.database.transaction((trx) => change(trx, prepared));
      return { ...out, replayed: false };
    }
    const key = req.key;
    if (!KEY_FORMAT.test(key)) {
      throw new VigilError(IdempotencyErrors.IDEMPOTENCY_KEY_INVALID, 'Idempotency-Key must be 1–255 visible ASCII characters', {});
    }
    const requestHash = hashOf({ method: req.method, path: req.path, body: req.body ?? null });
    const now = this.clock.now();

    // Fast path for retries: answer from the stored response without taking the write lock.
    const seen = await store.find(this.database.db, req.scope, key);
    if (seen && seen.status !== 0 && seen.expiresAt > now.toISOString()) {
      // The first request may not have been answered yet: its commit's sync may still be running.
      await this.database.durable();
      return this.replay(seen, requestHash);
    }
    const prepared = (await prepare?.()) as P;

    return this.database.transaction(async (trx) => {
      const claim = {
        scope: req.scope,
        key,
        requestHash,
        method: req.method,
        path: req.path,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.ttlHours * 3_600_000).toISOString(),
      };
      // The claim is the look-up: only a key already stored (before, or by a concurrent request
      // that committed while we waited on the claim) is read, so a new key costs one statement.
      if (!(await store.claim(trx, claim))) {
        const existing = await store.find(trx, req.scope, key);
        if (!existing) throw new Error('idempotency key vanished after a conflicting claim');
        if (existing.expiresAt > claim.createdAt) return this.replay(existing, requestHash);
        // An expired key is used afresh; its deleted row stays locked to us until we commit.
        await store.remove(trx, req.scope, key);
        if (!(await store.claim(trx, claim))) throw new Error('idempotency key taken again after its expired row was removed');
      }
      const out = await change(trx, prepared);
      await store.complete(trx, req.scope, key, out.status, JSON.stringify(out.body ?? null));
      return { ...out, replayed: false };
    });
  }

  purgeExpired(): Promise<number> {
    return store.purgeExpired(this.database.db, this.clock.now().toISOString());
  }

  private replay(stored: store.StoredResponse, requestHash: string): MutationResult {
    if (stored.requestHash !== requestHash) {
      throw new VigilError(
        IdempotencyErrors.IDEMPOTENCY_KEY_REUSED,
        `this Idempotency-Key was used for a different request (${stored.method} ${stored.path}); use a new key for a new request`,
        { method: stored.method, path: stored.path },
      );
    }
    return { status: stored.status, body: JSON.parse(stored.body), replayed: true };
  }
}
