import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { isVigilError, VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { subjectOf, type CustomersService } from '../customers/customers.service.js';
import type { Executor } from '../db/executor.js';
import type { EddRequestTable } from '../db/schema.js';
import type { EventsService } from '../events/events.service.js';
import type { Policy } from '../policy/policy.js';
import * as documents from './documents.store.js';
import { KycErrors } from './errors.js';

export type EddKind = 'source_of_funds' | 'source_of_wealth';

export interface EddRequest {
  id: string;
  customerId: string;
  kinds: EddKind[];
  reason: string;
  deadlineAt: string;
  status: 'open' | 'fulfilled' | 'lapsed';
  createdAt: string;
  updatedAt: string;
}

const toRequest = (r: EddRequestTable): EddRequest => ({
  id: r.id,
  customerId: r.customer_id,
  kinds: JSON.parse(r.kinds) as EddKind[],
  reason: r.reason,
  deadlineAt: r.deadline_at,
  status: r.status as EddRequest['status'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Enhanced due diligence: source-of-funds / source-of-wealth documents requested with a
 * deadline. Uploading every requested kind fulfils the request (a reviewer then judges the
 * documents); a deadline that passes first restricts the customer.
 */
export class EddService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly customers: CustomersService,
    private readonly policy: () => Policy,
  ) {
    customers.onRiskLevelChanged(async (trx, customer, _from, actor) => {
      const edd = this.policy().kyc.edd;
      if (!edd.onRiskLevels.includes(customer.riskLevel)) return;
      if ((await this.list(trx, customer.id)).some((r) => r.status === 'open')) return;
      await this.request(trx, customer.id, { kinds: edd.documents, deadlineDays: edd.deadlineDays, reason: `policy: risk level ${customer.riskLevel}` }, actor);
    });
  }

  async request(trx: Executor, customerId: string, input: { kinds: EddKind[]; deadlineDays: number; reason: string }, actor: string): Promise<EddRequest> {
    if (input.kinds.length === 0) throw new VigilError(KycErrors.EDD_REQUEST_INVALID, 'name at least one document kind', {});
    await this.customers.get(trx, customerId);
    const now = this.clock.now();
    const req: EddRequest = {
      id: newId('edd'),
      customerId,
      kinds: [...new Set(input.kinds)].sort(),
      reason: input.reason,
      deadlineAt: new Date(now.getTime() + input.deadlineDays * 86_400_000).toISOString(),
      status: 'open',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await trx
      .insertInto('edd_requests')
      .values({ id: req.id, customer_id: customerId, kinds: JSON.stringify(req.kinds), reason: req.reason, deadline_at: req.deadlineAt, status: req.status, created_at: req.createdAt, updated_at: req.updatedAt })
      .execute();
    await this.audit.append(trx, { actor, action: 'kyc.edd_requested', subject: subjectOf(customerId), data: { requestId: req.id, kinds: req.kinds, deadlineAt: req.deadlineAt } });
    await this.events.emit(trx, { type: 'kyc.edd_requested', subject: subjectOf(customerId), payload: { customerId, requestId: req.id, kinds: req.kinds, deadlineAt: req.deadlineAt } });
    return req;
  }

  async list(db: Executor, customerId: string): Promise<EddRequest[]> {
    const rows = await db.selectFrom('edd_requests').selectAll().where('customer_id', '=', customerId).orderBy('created_at', 'desc').execute();
    return rows.map(toRequest);
  }

  /** After an EDD document arrives: fulfils the customer's open requests whose kinds are all there. */
  async onDocument(trx: Executor, customerId: string, actor: string): Promise<void> {
    const open = (await this.list(trx, customerId)).filter((r) => r.status === 'open');
    if (open.length === 0) return;
    const docs = await documents.forCustomer(trx, customerId);
    for (const req of open) {
      const have = new Set(docs.filter((d) => d.createdAt >= req.createdAt && d.status !== 'rejected').map((d) => d.kind as string));
      if (!req.kinds.every((k) => have.has(k))) continue;
      await this.setStatus(trx, req, 'fulfilled');
      await this.audit.append(trx, { actor, action: 'kyc.edd_fulfilled', subject: subjectOf(customerId), data: { requestId: req.id } });
    }
  }

  /** Requests past their deadline lapse and restrict their customer. */
  async runDue(trx: Executor): Promise<number> {
    const now = this.clock.now().toISOString();
    const rows = await trx.selectFrom('edd_requests').selectAll().where('status', '=', 'open').where('deadline_at', '<=', now).limit(500).execute();
    for (const req of rows.map(toRequest)) {
      await this.setStatus(trx, req, 'lapsed');
      const customer = await this.customers.get(trx, req.customerId);
      if (customer.status === 'restricted') continue;
      try {
        await this.customers.transition(trx, req.customerId, {
          to: 'restricted',
          reasons: [{ code: 'EDD_DEADLINE_LAPSED', text: `EDD documents (${req.kinds.join(', ')}) not provided by ${req.deadlineAt}` }],
          trigger: `edd:${req.id}`,
          actor: 'system:scheduler',
        });
      } catch (err) {
        if (!(isVigilError(err) && err.code === 'CUSTOMER_STATUS_TRANSITION_INVALID')) throw err;
      }
    }
    return rows.length;
  }

  private async setStatus(trx: Executor, req: EddRequest, status: EddRequest['status']): Promise<void> {
    await trx.updateTable('edd_requests').set({ status, updated_at: this.clock.now().toISOString() }).where('id', '=', req.id).where('status', '=', 'open').execute();
  }
}
