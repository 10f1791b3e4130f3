import { VigilError } from '../core/errors.js';
import type { Executor } from '../db/executor.js';
import * as store from './alerts.store.js';
import { MonitoringErrors } from './errors.js';
import * as events from './events.store.js';
import * as states from './states.store.js';

/** Reading monitoring alerts and the rule processor's progress. */
export class AlertsService {
  list(db: Executor, opts: { customerId?: string; status?: string; ruleId?: string | undefined; before?: string; limit: number }): Promise<store.MonitoringAlert[]> {
    const { ruleId, ...rest } = opts;
    return store.list(db, { ...rest, ...(ruleId ? { ruleId } : {}) });
  }

  async withEvidence(db: Executor, id: string): Promise<store.MonitoringAlert & { events: events.StoredEvent[] }> {
    const alert = await store.get(db, id);
    if (!alert) throw new VigilError(MonitoringErrors.ALERT_NOT_FOUND, `no alert ${id}`, { alertId: id });
    return { ...alert, events: await events.byIds(db, alert.evidence) };
  }

  /** Open alerts per severity since a time (the risk score's behaviour factor). */
  openAlerts(db: Executor, customerId: string, since: string): Promise<Record<string, number>> {
    return store.openBySeverity(db, customerId, since);
  }

  /** Payment methods (and crypto) the customer's recent payment events used. */
  paymentMethods(db: Executor, customerId: string): Promise<string[]> {
    return events.paymentMethods(db, customerId);
  }

  /** The newest event's number, the processor's position, how many events wait, and who holds the lease. */
  async status(db: Executor): Promise<{ lastSeq: number; processed: number; lag: number; leaseOwner: string | null; leaseUntil: string | null }> {
    const cursor = await states.cursor(db);
    const { lastSeq, waiting } = await events.progress(db, cursor.processed);
    return { lastSeq, processed: cursor.processed, lag: waiting, leaseOwner: cursor.owner, leaseUntil: cursor.until };
  }
}
