import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Executor } from '../db/executor.js';
import type { EventsService } from '../events/events.service.js';
import * as overrides from '../gate/overrides.store.js';
import type { MonitoringAlert } from './alerts.store.js';

const HOUR = 3_600_000;

export interface AlertFollowUps {
  /** The questionnaire link a temporarily suspended customer gets (`{customerId}`, `{alertId}` filled in); null for none. */
  questionnaireUrl(): string | null;
  /** Records that the customers' risk must be looked at again (it runs right after the commit). */
  riskPending(trx: Executor, alerts: MonitoringAlert[]): Promise<void>;
  /** The gate must forget what it cached about this customer. */
  gateChanged(customerId: string): void;
}

/**
 * What a new alert sets off, inside the transaction that records it (so it happens exactly once):
 * the audit record and webhook event, a temporary gate block for `block_target` (the alert's key is
 * the target host) and `suspend` (every target), a questionnaire request, and a pending risk update.
 */
export class AlertActions {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly followUps: AlertFollowUps,
  ) {}

  readonly sink = async (trx: Executor, alerts: MonitoringAlert[]): Promise<void> => {
    for (const a of alerts) {
      await this.record(trx, a);
      if (a.action === 'block_target' || a.action === 'suspend') await this.block(trx, a);
    }
    await this.followUps.riskPending(trx, alerts);
  };

  private async record(trx: Executor, a: MonitoringAlert): Promise<void> {
    const subject = `customer:${a.customerId}`;
    const payload = { alertId: a.id, customerId: a.customerId, rule: a.ruleId, ruleVersion: a.ruleVersion, severity: a.severity, action: a.action, triggeredBy: a.triggeredBy, evidence: a.evidence.length, policyVer: a.policyVer };
    await this.audit.append(trx, { actor: 'system:monitoring', action: 'monitoring.alert_raised', subject, data: payload });
    await this.events.emit(trx, { type: 'monitoring.alert', subject, payload: { ...payload, explanation: a.explanation } });
  }

  private async block(trx: Executor, a: MonitoringAlert): Promise<void> {
    const now = this.clock.now();
    const hours = a.hours ?? 24;
    const until = new Date(now.getTime() + hours * HOUR).toISOString();
    const pattern = a.action === 'suspend' || !a.key ? '*' : a.key;
    const id = newId('gor');
    await overrides.insert(trx, { id, customerId: a.customerId, pattern, effect: 'deny', until, reason: a.explanation, source: `monitoring:${a.ruleId}`, createdAt: now.toISOString(), createdBy: 'system:monitoring' });
    const subject = `customer:${a.customerId}`;
    await this.audit.append(trx, { actor: 'system:monitoring', action: 'gate.temporary_block', subject, data: { overrideId: id, pattern, until, alertId: a.id } });
    if (a.action === 'suspend') {
      const template = this.followUps.questionnaireUrl();
      const url = template ? template.replaceAll('{customerId}', encodeURIComponent(a.customerId)).replaceAll('{alertId}', encodeURIComponent(a.id)) : null;
      await this.events.emit(trx, { type: 'customer.questionnaire_requested', subject, payload: { customerId: a.customerId, alertId: a.id, suspendedUntil: until, questionnaireUrl: url, reason: a.explanation } });
    }
    this.followUps.gateChanged(a.customerId);
  }
}
