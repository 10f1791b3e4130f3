import { sql } from 'kysely';
import { inSavepoint } from '../db/commit-work.js';
import type { Database, Executor } from '../db/executor.js';
import type { MonitoringAlert } from './alerts.store.js';

type OnAlerts = (trx: Executor, customerId: string, alerts: Array<{ ruleId: string; severity: string }>) => Promise<void>;
type OnPayment = (trx: Executor, customerId: string, payment: { amount: number; monthlyVolume: number }) => Promise<void>;

export interface Payment {
  eventId: string;
  customerId: string;
  amount: number;
  currency: string;
  occurredAt: string;
}

export interface PaymentLimits {
  currency: string;
  rates: Readonly<Record<string, number>>;
  transactionAmount: number;
  monthlyVolume: number;
}

/** Pending rows for payments rather than alerts carry one of these rule ids and the amount as severity. */
const PAYMENT = 'payment_threshold';
const MONTHLY = 'monthly_volume';
type PendingRow = { alert_id: string; customer_id: string; rule_id: string; severity: string; created_at: string };
/**
 * Customers whose follow-ups share one commit: a storm of alerts then costs a few durable commits
 * instead of one per customer, while the write lock is still held only briefly (each customer's
 * rescoring is a few milliseconds).
 */
const CUSTOMERS_PER_COMMIT = 16;
/** Customers a drain pass picks (those waiting longest); each is followed up once for all its pending rows. */
const CUSTOMERS_PER_PASS = 128;

/**
 * The risk consequences of alerts (a new ongoing score, perhaps a KYC refresh) are heavier than
 * the alert itself, so they run just after the alert commits rather than inside its transaction.
 * The alert's transaction records them as pending, so a crash in between delays them, never loses
 * them: the next run (after the next batch, or the scheduler) picks them up.
 */
export class RiskFollowUps {
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly database: Database,
    private readonly onAlerts: OnAlerts,
    private readonly onPayment: OnPayment,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  /**
   * A batch's fiat payments, in the transaction that processes it: each is converted into the
   * limits' currency, each month's running total per customer moves on, and a payment above
   * `transactionAmount`, or a month crossing `monthlyVolume`, becomes a pending follow-up.
   */
  async recordPayments(trx: Executor, batch: readonly Payment[], limits: PaymentLimits, at: string): Promise<boolean> {
    const payments: Payment[] = [];
    const unconverted = new Map<string, number>();
    for (const p of batch) {
      const rate = p.currency === limits.currency ? 1 : limits.rates[p.currency];
      if (rate === undefined) unconverted.set(p.currency, (unconverted.get(p.currency) ?? 0) + 1);
      else payments.push(rate === 1 ? p : { ...p, amount: p.amount * rate, currency: limits.currency });
    }
    if (unconverted.size > 0) {
      this.log?.warn({ currencies: Object.fromEntries(unconverted), currency: limits.currency }, 'payments in currencies without a rate in risk.triggers.rates were left out of the KYC refresh triggers');
    }
    if (payments.length === 0) return false;
    const rows: PendingRow[] = payments
      .filter((p) => p.amount > limits.transactionAmount)
      .map((p) => ({ alert_id: `pay:${p.eventId}`, customer_id: p.customerId, rule_id: PAYMENT, severity: String(p.amount), created_at: at }));
    const added = new Map<string, { customerId: string; month: string; sum: number }>();
    for (const p of payments) {
      const month = p.occurredAt.slice(0, 7);
      const entry = added.get(`${p.customerId} ${month}`) ?? { customerId: p.customerId, month, sum: 0 };
      entry.sum += p.amount;
      added.set(`${p.customerId} ${month}`, entry);
    }
    const sums = [...added.values()];
    const totals: Array<{ customer_id: string; month: string; total: number }> = [];
    for (let i = 0; i < sums.length; i += 1000) {
      const chunk = sums.slice(i, i + 1000).map((e) => ({ customer_id: e.customerId, month: e.month, total: e.sum }));
      totals.push(
        ...(await trx
          .insertInto('payment_months')
          .values(chunk)
          .onConflict((oc) => oc.columns(['customer_id', 'month']).doUpdateSet({ total: sql<number>`payment_months.total + excluded.total` }))
          .returning(['customer_id', 'month', 'total'])
          .execute()),
      );
    }
    for (const t of totals) {
      const total = Number(t.total);
      const before = total - added.get(`${t.customer_id} ${t.month}`)!.sum;
      if (before <= limits.monthlyVolume && total > limits.monthlyVolume) {
        rows.push({ alert_id: `month:${t.customer_id}:${t.month}`, customer_id: t.customer_id, rule_id: MONTHLY, severity: String(total), created_at: at });
      }
    }
    await insertPending(trx, rows);
    return rows.length > 0;
  }

  async record(trx: Executor, alerts: readonly MonitoringAlert[]): Promise<void> {
    await insertPending(
      trx,
      alerts.map((a) => ({ alert_id: a.id, customer_id: a.customerId, rule_id: a.ruleId, severity: a.severity, created_at: a.createdAt })),
    );
  }

  /** Runs every pending follow-up, a few customers per transaction; one run at a time per process. */
  run(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  /** Ends the run in progress after its current transaction; what is left stays pending for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    // A customer whose follow-up fails stays pending for the next run, without holding up the others.
    const failed = new Set<string>();
    for (;;) {
      // Customers, not rows: a storm of thousands of alerts for one customer is one rescoring.
      let q = this.database.db.selectFrom('risk_pending').select('customer_id');
      if (failed.size > 0) q = q.where('customer_id', 'not in', [...failed]);
      const picked = await q.groupBy('customer_id').orderBy((eb) => eb.fn.min('created_at')).limit(CUSTOMERS_PER_PASS).execute();
      if (picked.length === 0) return;
      for (let i = 0; i < picked.length; i += CUSTOMERS_PER_COMMIT) {
        if (this.stopping) return;
        await this.database.transaction(async (trx) => {
          for (const { customer_id: customerId } of picked.slice(i, i + CUSTOMERS_PER_COMMIT)) {
            // Each customer in a savepoint: a failing one is undone alone and the others commit.
            try {
              await inSavepoint(trx, 'follow_up', () => this.followUp(trx, customerId));
            } catch (err) {
              this.log?.warn({ err, customerId }, 'risk follow-up of alerts failed; it stays pending');
              failed.add(customerId);
            }
          }
        });
      }
    }
  }

  private async followUp(trx: Executor, customerId: string): Promise<void> {
    // Claims what is pending for the customer now: another node may have taken it meanwhile, and
    // rows added later wait for the next pass.
    const list = await trx.deleteFrom('risk_pending').where('customer_id', '=', customerId).returning(['rule_id', 'severity']).execute();
    const alerts = list.filter((r) => r.rule_id !== PAYMENT && r.rule_id !== MONTHLY);
    if (alerts.length > 0) await this.onAlerts(trx, customerId, alerts.map((r) => ({ ruleId: r.rule_id, severity: r.severity })));
    // The largest payment and monthly total stand for the rest: one refresh says what crossed the line.
    const largest = (rule: string) => list.reduce((max, r) => (r.rule_id === rule ? Math.max(max, Number(r.severity)) : max), 0);
    const amount = largest(PAYMENT);
    const monthlyVolume = largest(MONTHLY);
    if (amount > 0 || monthlyVolume > 0) await this.onPayment(trx, customerId, { amount, monthlyVolume });
  }
}

/** Five parameters a row: chunks stay far below SQLite's and PostgreSQL's limits. */
async function insertPending(trx: Executor, rows: readonly PendingRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await trx.insertInto('risk_pending').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.column('alert_id').doNothing()).execute();
  }
}
