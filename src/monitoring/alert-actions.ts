import type { AuditService } from '../audit/audit.service.js';
import type { Executor } from '../db/executor.js';
import type { EventsService } from '../events/events.service.js';
import { parseGatePattern } from '../gate/pattern.js';
import type { MonitoringAlert } from './alerts.store.js';

export interface AlertFollowUps {
  /** The questionnaire link a temporarily suspended customer gets (`{customerId}`, `{alertId}` filled in); null for none. */
  questionnaireUrl(): string | null;
  /** Records that the customers' risk must be looked at again (it runs right after the commit). */
  riskPending(trx: Executor, alerts: MonitoringAlert[]): Promise<void>;
  /** Adds a temporary deny rule to the customer's gate rules (through the gate, which checks the target). */
  block(trx: Executor, customerId: string, rule: { pattern: string; hours: number; reason: string; source: string }): Promise<{ id: string; until: string | null }>;
}

/**
 * What a new alert sets off, inside the transaction that records it (so it happens exactly once):
 * the audit record and webhook event, a temporary gate block for `block_target` (the alert's key is
 * the target host) and `suspend` (every target), a questionnaire request, and a pending risk update.
 */
export class AlertActions {
  constructor(
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
    const subject = `customer:${a.customerId}`;
    const pattern = a.action === 'suspend' ? '*' : a.key;
    // A block_target whose key is unknown or not a host must not turn into a block of everything.
    if (pattern === null || !parseGatePattern(pattern)) {
      await this.audit.append(trx, { actor: 'system:monitoring', action: 'monitoring.block_skipped', subject, data: { alertId: a.id, rule: a.ruleId, key: a.key, reason: 'the alert has no target key that is a host or address' } });
      return;
    }
    const rule = await this.followUps.block(trx, a.customerId, { pattern, hours: a.hours ?? 24, reason: a.explanation, source: `monitoring:${a.ruleId}` });
    if (a.action === 'suspend') {
      const template = this.followUps.questionnaireUrl();
      const url = template ? template.replaceAll('{customerId}', encodeURIComponent(a.customerId)).replaceAll('{alertId}', encodeURIComponent(a.id)) : null;
      await this.events.emit(trx, { type: 'customer.questionnaire_requested', subject, payload: { customerId: a.customerId, alertId: a.id, suspendedUntil: rule.until, questionnaireUrl: url, reason: a.explanation } });
    }
  }
}
