import { hostname } from 'node:os';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Database, Executor } from '../db/executor.js';
import * as alertsStore from './alerts.store.js';
import type { MonitoringAlert } from './alerts.store.js';
import * as eventsStore from './events.store.js';
import type { Payment } from './risk-followups.js';
import type { RuleRunner } from './rule-runner.js';
import type { CustomerMonitorState } from './rules/customer-state.js';
import * as states from './states.store.js';

/** What happens, inside the processing transaction, to each alert raised for the first time. */
export type AlertSink = (trx: Executor, alerts: MonitoringAlert[]) => Promise<void>;
/** The batch's fiat payments, handed over in its transaction (the risk policy's payment triggers count them). */
export type PaymentWatch = (trx: Executor, payments: Payment[]) => Promise<void>;

export interface WorkerOptions {
  /** Whether this node processes events on its own (drain() works either way). */
  enabled: boolean;
  batchSize: number;
  leaseMs: number;
  /** How often a node that was not told about new events looks for some (other nodes' ingest). */
  pollMs: number;
}

export interface WorkerLogger {
  warn(obj: object, msg: string): void;
}

class LeaseLost extends Error {}

/**
 * Runs the monitoring rules over ingested events, in ingestion order, exactly once. One node at a
 * time holds the lease; it keeps customers' rule state in memory and commits, per batch, the
 * states, the new alerts, what the alerts set off and the cursor in one transaction — so a crash
 * repeats a batch at most, and a repeated batch finds its alerts already raised. A node that takes
 * the lease over starts from the committed states.
 */
export class MonitoringWorker {
  readonly owner = `${hostname()}:${process.pid}:${newId('lease').slice(-8)}`;
  private readonly cache = new Map<string, CustomerMonitorState>();
  private leaseUntil = 0;
  /** Runs are chained so that two never overlap, whether started by a kick, the poll or drain(). */
  private chain: Promise<unknown> = Promise.resolve();
  private queued = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly runner: () => RuleRunner,
    private readonly sink: AlertSink,
    private readonly options: WorkerOptions,
    private readonly log?: WorkerLogger,
    /** Runs after each batch that raised alerts or held payments, outside its transaction. */
    private readonly afterAlerts: () => Promise<void> = async () => undefined,
    private readonly payments?: PaymentWatch,
  ) {}

  start(): void {
    this.stopped = false;
    if (this.timer || !this.options.enabled) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain;
    if (this.leaseUntil > 0) await states.releaseLease(this.database.db, this.owner).catch(() => undefined);
    this.leaseUntil = 0;
  }

  /** New events were stored on this node: process them now rather than at the next poll. */
  kick(): void {
    if (this.stopped || !this.options.enabled || this.queued) return;
    this.queued = true;
    this.chain = this.chain.then(() => {
      this.queued = false;
      return this.loop().catch((err: unknown) => this.log?.warn({ err }, 'monitoring rules failed; the batch will be retried'));
    });
  }

  /**
   * Processes until no event is left (or the lease is elsewhere) and, unless told not to, waits
   * for the alerts' follow-ups too; returns how many events were processed.
   */
  drain(options: { followUps?: boolean } = {}): Promise<number> {
    const run = this.chain.then(() => this.loop());
    this.chain = run.catch(() => undefined);
    return options.followUps === false ? run : run.then(async (n) => (await this.followUps(), n));
  }

  private followUps(): Promise<void> {
    return this.afterAlerts().catch((err: unknown) => this.log?.warn({ err }, 'alert follow-ups failed; they stay pending'));
  }

  private async loop(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.step();
      if (n === 0) return total;
      total += n;
    }
  }

  private async step(): Promise<number> {
    if (!(await this.holdLease())) return 0;
    const { processed } = await states.cursor(this.database.db);
    const batch = await eventsStore.after(this.database.db, processed, this.options.batchSize);
    if (batch.length === 0) return 0;
    const runner = this.runner();
    await this.loadStates(runner, batch);
    const alerts: MonitoringAlert[] = [];
    const touched = new Set<string>();
    const at = this.clock.now().toISOString();
    for (const event of batch) {
      const state = this.cache.get(event.customerId)!;
      touched.add(event.customerId);
      const result = runner.evaluate(event, state);
      for (const e of result.errors) this.log?.warn({ rule: e.ruleId, event: event.eventId, error: e.message }, 'monitoring rule could not be evaluated');
      for (const a of result.alerts) alerts.push({ ...a, id: newId('alr'), policyVer: runner.policyVer, status: 'open', createdAt: at });
    }
    const to = batch[batch.length - 1]!.seq;
    // Fiat payments only: crypto amounts are in coins, not the operator's currency.
    const payments = batch
      .filter((e) => e.type.startsWith('payment.') && typeof e.data['amount'] === 'number')
      .map((e) => ({ eventId: e.eventId, customerId: e.customerId, amount: e.data['amount'] as number, occurredAt: e.occurredAt }));
    let followUp = false;
    try {
      await this.database.transaction(async (trx) => {
        if (!(await states.advance(trx, this.owner, processed, to))) throw new LeaseLost();
        await states.save(trx, [...touched].map((id) => ({ customerId: id, state: runner.save(this.cache.get(id)!) })), to);
        const fresh = await alertsStore.insertNew(trx, alerts);
        if (fresh.length > 0) await this.sink(trx, fresh);
        if (payments.length > 0 && this.payments) await this.payments(trx, payments);
        followUp = fresh.length > 0 || payments.length > 0;
      });
    } catch (err) {
      // The in-memory states ran ahead of what committed: start again from the stored ones.
      this.cache.clear();
      if (err instanceof LeaseLost) {
        this.leaseUntil = 0;
        return 0;
      }
      throw err;
    }
    if (followUp) void this.followUps();
    return batch.length;
  }

  private async holdLease(): Promise<boolean> {
    const now = this.clock.now().getTime();
    if (this.leaseUntil - now > this.options.leaseMs / 2) return true;
    const had = this.leaseUntil > now;
    const until = now + this.options.leaseMs;
    const ok = await states.claimLease(this.database.db, this.owner, new Date(now).toISOString(), new Date(until).toISOString());
    if (!ok) {
      this.leaseUntil = 0;
      this.cache.clear();
      return false;
    }
    // Another node may have processed events while we did not hold the lease: our states are stale.
    if (!had) this.cache.clear();
    this.leaseUntil = until;
    return true;
  }

  private async loadStates(runner: RuleRunner, batch: eventsStore.StoredEvent[]): Promise<void> {
    const missing = [...new Set(batch.map((e) => e.customerId))].filter((id) => !this.cache.has(id));
    if (missing.length === 0) return;
    const stored = await states.load(this.database.db, missing);
    for (const id of missing) {
      const json = stored.get(id);
      this.cache.set(id, json ? runner.load(json) : runner.fresh(id));
    }
    if (this.cache.size > 200_000) this.evict(missing);
  }

  /** Keeps memory bounded: states are in the database, so dropping the cold ones loses nothing. */
  private evict(keep: string[]): void {
    const wanted = new Set(keep);
    for (const id of this.cache.keys()) {
      if (this.cache.size <= 100_000) break;
      if (!wanted.has(id)) this.cache.delete(id);
    }
  }
}
