import type { Database, Executor } from '../db/executor.js';
import type { MonitoringAlert } from './alerts.store.js';

type OnAlerts = (trx: Executor, customerId: string, alerts: Array<{ ruleId: string; severity: string }>) => Promise<void>;

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
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

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
            await this.onAlerts(trx, customerId, list.map((r) => ({ ruleId: r.rule_id, severity: r.severity })));
          });
        } catch (err) {
          this.log?.warn({ err, customerId }, 'risk follow-up of alerts failed; it stays pending');
          return;
        }
      }
    }
  }
}
