import { hostname } from 'node:os';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Database, Executor } from '../db/executor.js';
import * as alertsStore from './alerts.store.js';
import type { MonitoringAlert } from './alerts.store.js';
import * as eventsStore from './events.store.js';
import { FreshEvents } from './fresh-events.js';
import type { Payment } from './risk-followups.js';
import type { RuleRunner } from './rule-runner.js';
import type { CustomerMonitorState } from './rules/customer-state.js';
import * as states from './states.store.js';

/** What happens, inside the processing transaction, to each alert raised for the first time. */
export type AlertSink = (trx: Executor, alerts: MonitoringAlert[]) => Promise<void>;
/**
 * The batch's fiat payments, handed over in its transaction (the risk policy's payment triggers
 * count them); answers whether they left follow-ups to run.
 */
export type PaymentWatch = (trx: Executor, payments: Payment[]) => Promise<boolean>;

export interface WorkerOptions {
  /** Whether this node processes events on its own (drain() works either way). */
  enabled: boolean;
  batchSize: number;
  leaseMs: number;
  /** How long a changed customer state may go without a checkpoint (see step()). */
  checkpointMs: number;
  /** How often a node that was not told about new events looks for some (other nodes' ingest). */
  pollMs: number;
}

export interface WorkerLogger {
  warn(obj: object, msg: string): void;
}

class LeaseLost extends Error {}

const MAX_CACHED = 200_000;
const CACHE_AFTER_EVICTION = 100_000;
/**
 * Follow-ups (a new risk score per customer, perhaps a KYC refresh) wait for a lull this long
 * in the event stream, so that a burst of alerts for one customer is scored once, and off the
 * path of the next events: a follow-up takes the one connection for milliseconds, and an event
 * arriving meanwhile waits that long for its alert.
 */
const FOLLOW_UP_DELAY_MS = 50;
/** …but no longer than this after they were first due, however busy the stream. */
const FOLLOW_UP_MAX_WAIT_MS = 1_000;

/**
 * Runs the monitoring rules over ingested events, in ingestion order, exactly once. One node at a
 * time holds the lease; it keeps customers' rule state in memory and commits, per batch, the new
 * alerts, what the alerts set off and the cursor in one transaction — so a crash repeats a batch
 * at most, and a repeated batch finds its alerts already raised.
 *
 * A busy customer's state holds thousands of events, so writing it after every batch would cost
 * more than the rules. States are checkpointed (with the event number they reflect) once they have
 * been changed for `checkpointMs`, when the cache must shed them, and on stop. Whoever loads a
 * state — this node after a failed batch, another after taking the lease over — replays that
 * customer's events after its checkpoint, discarding the alerts they raise (those committed
 * already), so windows and baselines come out as if the node had never stopped.
 */
export class MonitoringWorker {
  readonly owner = `${hostname()}:${process.pid}:${newId('lease').slice(-8)}`;
  private readonly cache = new Map<string, CustomerMonitorState>();
  /** Customers whose cached state is ahead of its checkpoint → since when (clock ms). */
  private readonly dirty = new Map<string, number>();
  private leaseUntil = 0;
  /** Runs are chained so that two never overlap, whether started by a kick, the poll or drain(). */
  private chain: Promise<unknown> = Promise.resolve();
  private queued = false;
  private timer: NodeJS.Timeout | null = null;
  private followUpTimer: NodeJS.Timeout | null = null;
  /** When the pending follow-ups were first due (0: none are), and when a batch last committed. */
  private followUpsDueAt = 0;
  private lastBatchAt = 0;
  private stopped = false;
  /** Events this node committed, not yet processed (read from the store instead when they do not line up). */
  private readonly fresh: FreshEvents;

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
  ) {
    this.fresh = new FreshEvents(Math.max(20_000, options.batchSize * 4));
  }

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
    // Scheduled follow-ups stay pending in the store; the next run or the scheduler takes them.
    if (this.followUpTimer) clearTimeout(this.followUpTimer);
    this.followUpTimer = null;
    this.followUpsDueAt = 0;
    await this.chain;
    if (this.leaseUntil > 0) {
      await this.checkpoint().catch((err: unknown) => this.log?.warn({ err }, 'monitoring states could not be checkpointed on stop; the next node replays their events'));
      await states.releaseLease(this.database.db, this.owner).catch(() => undefined);
    }
    this.forget();
    this.leaseUntil = 0;
  }

  /**
   * Writes the changed states dirty since `due` or earlier (all of them by default), if this node
   * still holds the lease: the cursor cannot move meanwhile, so they reflect exactly `processed`.
   */
  private async checkpoint(due = Infinity): Promise<void> {
    const ids = this.dirtySince(due);
    if (ids.length === 0 || this.leaseUntil === 0) return;
    const runner = this.runner();
    await this.database.transaction(async (trx) => {
      const { processed, owner } = await states.cursor(trx);
      if (owner !== this.owner) return;
      await states.save(trx, ids.map((id) => ({ customerId: id, state: runner.save(this.cache.get(id)!) })), processed);
    });
    for (const id of ids) this.dirty.delete(id);
  }

  /** Customers whose state has been ahead of its checkpoint since `due` or earlier. */
  private dirtySince(due: number): string[] {
    return [...this.dirty].filter(([, since]) => since <= due).map(([id]) => id);
  }

  private forget(): void {
    this.cache.clear();
    this.dirty.clear();
  }

  /** Events this node just committed: kept for the rules (when this node processes) and processed now rather than at the next poll. */
  handOff(stored: eventsStore.AppendedRange): void {
    if (this.options.enabled || this.leaseUntil > 0) this.fresh.add(stored);
    this.kick();
  }

  /** New events were stored: process them now rather than at the next poll. */
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

  private scheduleFollowUps(): void {
    if (this.followUpTimer || this.stopped) return;
    if (this.followUpsDueAt === 0) this.followUpsDueAt = performance.now();
    this.followUpTimer = setTimeout(() => {
      this.followUpTimer = null;
      const now = performance.now();
      if (now - this.lastBatchAt < FOLLOW_UP_DELAY_MS && now - this.followUpsDueAt < FOLLOW_UP_MAX_WAIT_MS) return this.scheduleFollowUps();
      this.followUpsDueAt = 0;
      void this.followUps();
    }, FOLLOW_UP_DELAY_MS);
    this.followUpTimer.unref();
  }

  private followUps(): Promise<void> {
    return this.afterAlerts().catch((err: unknown) => this.log?.warn({ err }, 'alert follow-ups failed; they stay pending'));
  }

  private async loop(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.step();
      if (n === 0) {
        // No batch to carry them: due checkpoints are written on their own once the stream goes quiet.
        await this.checkpoint(this.clock.now().getTime() - this.options.checkpointMs);
        return total;
      }
      total += n;
    }
  }

  private async step(): Promise<number> {
    if (!(await this.holdLease())) return 0;
    const { processed } = await states.cursor(this.database.db);
    const { events: batch, to } = await this.next(processed);
    if (batch.length === 0) return 0;
    const runner = this.runner();
    await this.loadStates(runner, batch, processed);
    const alerts: MonitoringAlert[] = [];
    const now = this.clock.now();
    const at = now.toISOString();
    for (const event of batch) {
      const state = this.cache.get(event.customerId)!;
      if (!this.dirty.has(event.customerId)) this.dirty.set(event.customerId, now.getTime());
      const result = runner.evaluate(event, state);
      for (const e of result.errors) this.log?.warn({ rule: e.ruleId, event: event.eventId, error: e.message }, 'monitoring rule could not be evaluated');
      for (const a of result.alerts) alerts.push({ ...a, id: newId('alr'), policyVer: runner.policyVer, status: 'open', createdAt: at });
    }
    // Fiat payments only: crypto amounts are in coins, not the operator's currency.
    const payments = batch
      .filter((e) => e.type.startsWith('payment.') && typeof e.data['amount'] === 'number' && typeof e.data['currency'] === 'string')
      .map((e) => ({ eventId: e.eventId, customerId: e.customerId, amount: e.data['amount'] as number, currency: e.data['currency'] as string, occurredAt: e.occurredAt }));
    // Due checkpoints; all of them when the cache is over its bound, so that it can shed states.
    const due = now.getTime() - this.options.checkpointMs;
    const shed = this.cache.size > MAX_CACHED;
    const checkpoint = this.dirtySince(shed ? Infinity : due);
    let followUp = false;
    try {
      await this.database.transaction(async (trx) => {
        if (!(await states.advance(trx, this.owner, processed, to))) throw new LeaseLost();
        await states.save(trx, checkpoint.map((id) => ({ customerId: id, state: runner.save(this.cache.get(id)!) })), to);
        const fresh = await alertsStore.insertNew(trx, alerts);
        if (fresh.length > 0) await this.sink(trx, fresh);
        const paymentFollowUps = payments.length > 0 && this.payments ? await this.payments(trx, payments) : false;
        followUp = fresh.length > 0 || paymentFollowUps;
      });
    } catch (err) {
      // The in-memory states ran ahead of what committed: start again from the stored ones.
      this.forget();
      if (err instanceof LeaseLost) {
        this.leaseUntil = 0;
        return 0;
      }
      throw err;
    }
    for (const id of checkpoint) this.dirty.delete(id);
    if (shed) this.evict();
    this.lastBatchAt = performance.now();
    if (followUp) this.scheduleFollowUps();
    return batch.length;
  }

  /** The events after `processed`: handed over in memory when they line up, else read from the store. */
  private async next(processed: number): Promise<{ events: eventsStore.StoredEvent[]; to: number }> {
    const handed = this.fresh.take(processed, this.options.batchSize);
    if (handed && handed.events.length > 0) return handed;
    const events = await eventsStore.after(this.database.db, processed, this.options.batchSize);
    return { events, to: events.length > 0 ? this.fresh.reach(events[events.length - 1]!.seq) : processed };
  }

  private async holdLease(): Promise<boolean> {
    const now = this.clock.now().getTime();
    if (this.leaseUntil - now > this.options.leaseMs / 2) return true;
    const had = this.leaseUntil > now;
    const until = now + this.options.leaseMs;
    const ok = await states.claimLease(this.database.db, this.owner, new Date(now).toISOString(), new Date(until).toISOString());
    if (!ok) {
      this.leaseUntil = 0;
      this.forget();
      return false;
    }
    // Another node may have processed events while we did not hold the lease: our states are stale.
    if (!had) this.forget();
    this.leaseUntil = until;
    return true;
  }

  /**
   * Puts the batch's customers in the cache: from their checkpoint, brought up to `processed` by
   * replaying their later events, or fresh.
   */
  private async loadStates(runner: RuleRunner, batch: eventsStore.StoredEvent[], processed: number): Promise<void> {
    const missing = [...new Set(batch.map((e) => e.customerId))].filter((id) => !this.cache.has(id));
    if (missing.length === 0) return;
    const stored = await states.load(this.database.db, missing);
    const loaded = new Map<string, CustomerMonitorState>();
    const since = new Map<string, number>();
    for (const id of missing) {
      const checkpoint = stored.get(id);
      loaded.set(id, checkpoint ? runner.load(checkpoint.state) : runner.fresh(id));
      since.set(id, checkpoint?.seq ?? 0);
    }
    for (const event of await eventsStore.replay(this.database.db, since, processed)) runner.evaluate(event, loaded.get(event.customerId)!);
    // Only whole states reach the cache: one whose replay failed must be loaded again next time.
    for (const [id, state] of loaded) this.cache.set(id, state);
  }

  /** Keeps memory bounded: only states whose checkpoint is current are dropped, so nothing is lost. */
  private evict(): void {
    for (const id of this.cache.keys()) {
      if (this.cache.size <= CACHE_AFTER_EVICTION) break;
      if (!this.dirty.has(id)) this.cache.delete(id);
    }
  }
}
