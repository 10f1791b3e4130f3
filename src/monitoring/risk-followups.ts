import type { Database, Executor } from '../db/executor.js';
import type { MonitoringAlert } from './alerts.store.js';

type OnAlerts = (trx: Executor, customerId: string, alerts: Array<{ ruleId: string; severity: string }>) => Promise<void>;
type OnPayment = (trx: Executor, customerId: string, amount: number) => Promise<void>;

/** Pending rows for a large payment rather than an alert carry this rule id and the amount as severity. */
const PAYMENT = 'payment_threshold';

/**
 * The risk consequences of alerts (a new ongoing score, perhaps a KYC refresh) are heavier than
 * the alert itself, so they run just after the alert commits rather than inside its transaction.
 * The alert's transaction records them as pending, so a crash in between delays them, never loses
 * them: the next run (after the next batch, or the scheduler) picks them up.
 */
export class RiskFollowUps {
  private running: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly onAlerts: OnAlerts,
    private readonly onPayment: OnPayment,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  /** Payments above the policy's single-payment trigger, recorded with the batch that processed them. */
  async recordPayments(trx: Executor, payments: ReadonlyArray<{ eventId: string; customerId: string; amount: number; at: string }>): Promise<void> {
    if (payments.length === 0) return;
    await trx
      .insertInto('risk_pending')
      .values(payments.map((p) => ({ alert_id: `pay:${p.eventId}`, customer_id: p.customerId, rule_id: PAYMENT, severity: String(p.amount), created_at: p.at })))
      .onConflict((oc) => oc.column('alert_id').doNothing())
      .execute();
  }

  async record(trx: Executor, alerts: readonly MonitoringAlert[]): Promise<void> {
    if (alerts.length === 0) return;
    await trx
      .insertInto('risk_pending')
      .values(alerts.map((a) => ({ alert_id: a.id, customer_id: a.customerId, rule_id: a.ruleId, severity: a.severity, created_at: a.createdAt })))
      .onConflict((oc) => oc.column('alert_id').doNothing())
      .execute();
  }

  /** Runs every pending follow-up, one customer per transaction; one at a time per process. */
  run(): Promise<void> {
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.database.db.selectFrom('risk_pending').selectAll().orderBy('created_at').limit(200).execute();
      if (rows.length === 0) return;
      const byCustomer = new Map<string, typeof rows>();
      for (const r of rows) byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r]);
      for (const [customerId, list] of byCustomer) {
        try {
          await this.database.transaction(async (trx) => {
            const claimed = await trx.deleteFrom('risk_pending').where('alert_id', 'in', list.map((r) => r.alert_id)).executeTakeFirst();
            // Another node took them meanwhile.
            if (Number(claimed.numDeletedRows) === 0) return;
            const alerts = list.filter((r) => r.rule_id !== PAYMENT);
            if (alerts.length > 0) await this.onAlerts(trx, customerId, alerts.map((r) => ({ ruleId: r.rule_id, severity: r.severity })));
            for (const p of list.filter((r) => r.rule_id === PAYMENT)) await this.onPayment(trx, customerId, Number(p.severity));
          });
        } catch (err) {
          this.log?.warn({ err, customerId }, 'risk follow-up of alerts failed; it stays pending');
          return;
        }
      }
    }
  }
}
