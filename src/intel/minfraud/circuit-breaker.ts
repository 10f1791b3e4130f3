/**
 * A consecutive-failure circuit breaker for calls to a remote provider. While the provider is
 * failing, waiting out a timeout on every request only slows every caller down; after
 * `failures` failures in a row the breaker opens and calls fail at once. Once `cooldownMs` has
 * passed it lets exactly one trial call through (half-open): success closes it, failure opens it
 * for another cooldown. Time comes from `now`, so tests step a clock instead of sleeping.
 */
export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; at least 1. */
  failures: number;
  cooldownMs: number;
  now?: () => number;
  /**
   * Whether an error says the provider is unhealthy. Errors that do not (a refused input, say)
   * prove the provider answered, so they count as a success. Default: every error counts.
   */
  countsAsFailure?: (err: unknown) => boolean;
}

/** Thrown instead of calling while the circuit is open; the caller maps it to its own error. */
export class CircuitOpenError extends Error {
  constructor(readonly retryAt: number) {
    super('circuit is open');
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  private readonly now: () => number;
  private readonly countsAsFailure: (err: unknown) => boolean;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failures) || options.failures < 1) throw new Error('circuit breaker: failures must be an integer ≥ 1');
    if (!Number.isFinite(options.cooldownMs) || options.cooldownMs < 0) throw new Error('circuit breaker: cooldownMs must be ≥ 0');
    this.now = options.now ?? Date.now;
    this.countsAsFailure = options.countsAsFailure ?? (() => true);
  }

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() >= this.retryAt() ? 'half_open' : 'open';
  }

  async execute<T>(call: () => Promise<T>): Promise<T> {
    const trial = this.admit();
    try {
      const result = await call();
      this.recordSuccess();
      return result;
    } catch (err) {
      if (this.countsAsFailure(err)) this.recordFailure();
      else this.recordSuccess();
      throw err;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  /** Lets the call through or throws; returns whether it is the half-open trial. */
  private admit(): boolean {
    const state = this.state;
    if (state === 'closed') return false;
    // While the single trial is out, everyone else still fails fast.
    if (state === 'open' || this.trialInFlight) throw new CircuitOpenError(this.retryAt());
    this.trialInFlight = true;
    return true;
  }

  private recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAt = null;
  }

  private recordFailure(): void {
    this.consecutiveFailures += 1;
    // A failed trial re-opens at once: the provider has not recovered.
    if (this.openedAt !== null || this.consecutiveFailures >= this.options.failures) this.openedAt = this.now();
  }

  private retryAt(): number {
    return (this.openedAt ?? this.now()) + this.options.cooldownMs;
  }
}
