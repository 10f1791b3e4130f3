import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import type { Executor } from '../db/executor.js';
import type { EventsService } from '../events/events.service.js';
import * as store from './alerts.store.js';
import { MonitoringErrors } from './errors.js';
import * as events from './events.store.js';
import * as states from './states.store.js';

/** Runs in the transaction that closes an alert (the risk engine scores the customer again). */
export type AlertClosedListener = (trx: Executor, alert: store.StoredAlert, actor: string) => Promise<void>;

/** Alerts of every kind (monitoring rules', confirmed screening matches'), their review, and the rule processor's progress. */
export class AlertsService {
  private readonly closedListeners: AlertClosedListener[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly eventsOut: EventsService,
  ) {}

  onClosed(listener: AlertClosedListener): void {
    this.closedListeners.push(listener);
  }

  list(db: Executor, opts: Omit<store.AlertFilter, 'ruleId'> & { ruleId?: string | undefined }): Promise<store.StoredAlert[]> {
    const { ruleId, ...rest } = opts;
    return store.list(db, { ...rest, ...(ruleId ? { ruleId } : {}) });
  }

  /** Monitoring rules' alerts only, typed as such. */
  async monitoring(db: Executor, opts: Omit<store.AlertFilter, 'kind'>): Promise<store.MonitoringAlertRecord[]> {
    return (await store.list(db, { ...opts, kind: store.ALERT_KIND })).filter((a): a is store.MonitoringAlertRecord => a.kind === store.ALERT_KIND);
  }

  async get(db: Executor, id: string): Promise<store.StoredAlert> {
    const alert = await store.get(db, id);
    if (!alert) throw new VigilError(MonitoringErrors.ALERT_NOT_FOUND, `no alert ${id}`, { alertId: id });
    return alert;
  }

  /** An alert with the events that are its evidence (none for a screening alert, whose evidence is its hit). */
  async withEvidence(db: Executor, id: string): Promise<store.StoredAlert & { events: events.StoredEvent[] }> {
    const alert = await this.get(db, id);
    return { ...alert, events: alert.kind === store.ALERT_KIND ? await events.byIds(db, alert.evidence) : [] };
  }

  /**
   * A reviewer closes an alert with the reason: it stops counting towards the customer's risk
   * (the risk engine scores them again), is audited and sent as `alert.closed`.
   */
  async close(trx: Executor, id: string, reason: string, actor: string): Promise<store.StoredAlert> {
    const alert = await this.get(trx, id);
    const at = this.clock.now().toISOString();
    if (alert.status !== 'open' || !(await store.close(trx, id, { at, by: actor, reason }))) {
      throw new VigilError(MonitoringErrors.ALERT_CLOSED, `alert ${id} was closed already${alert.closedAt ? ` (${alert.closedAt} by ${alert.closedBy})` : ''}`, { alertId: id, closedAt: alert.closedAt });
    }
    const closed: store.StoredAlert = { ...alert, status: 'closed', closedAt: at, closedBy: actor, closeReason: reason };
    const data = { alertId: id, kind: alert.kind, severity: alert.severity, reason };
    await this.audit.append(trx, { actor, action: 'alert.closed', subject: `customer:${alert.customerId}`, data });
    await this.eventsOut.emit(trx, { type: 'alert.closed', subject: `customer:${alert.customerId}`, payload: { customerId: alert.customerId, ...data } });
    for (const listener of this.closedListeners) await listener(trx, closed, actor);
    return closed;
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
