import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { hashOf } from '../core/hash.js';
import { newId } from '../core/ids.js';
import type { Executor } from '../db/executor.js';
import type { EventsService } from '../events/events.service.js';
import type { Decision, DecisionDraft } from './decision.js';
import * as store from './decisions.store.js';
import { DecisionErrors } from './errors.js';

export interface RecordedDecision {
  decision: Decision;
  /** False when the same input under the same versions had already been decided. */
  created: boolean;
}

function keyOf(draft: DecisionDraft): { inputHash: string; dedupeKey: string } {
  const inputHash = hashOf(draft.inputs ?? null);
  const dedupeKey = hashOf({
    kind: draft.kind,
    subject: draft.subject,
    inputHash,
    policyVer: draft.policyVer,
    dataVer: draft.dataVer,
    modelVer: draft.modelVer,
  });
  return { inputHash, dedupeKey };
}

export class DecisionsService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  /** The decision already recorded for this draft, if any: a read, no lock taken. */
  async find(db: Executor, draft: DecisionDraft): Promise<Decision | undefined> {
    return store.findByDedupeKey(db, keyOf(draft).dedupeKey);
  }

  /**
   * Records a decision inside the caller's transaction. The same engine, subject, inputs and
   * versions always yield the one decision first recorded for them.
   */
  async record(trx: Executor, draft: DecisionDraft, actor: string): Promise<RecordedDecision> {
    const { inputHash, dedupeKey } = keyOf(draft);
    const decision: Decision = {
      decisionId: newId('dec'),
      kind: draft.kind,
      subject: draft.subject,
      action: draft.action,
      reasons: draft.reasons,
      inputHash,
      policyVer: draft.policyVer,
      dataVer: draft.dataVer,
      modelVer: draft.modelVer,
      createdAt: this.clock.now().toISOString(),
    };
    // The insert is the look-up: a decision already taken (here or on another node) is kept.
    if (!(await store.insertIfNew(trx, decision, dedupeKey))) return { decision: (await store.findByDedupeKey(trx, dedupeKey))!, created: false };
    await this.audit.append(trx, {
      actor,
      action: 'decision.recorded',
      subject: draft.subject,
      data: {
        decisionId: decision.decisionId,
        kind: decision.kind,
        action: decision.action,
        reasons: decision.reasons.map((r) => r.code),
        inputHash,
        policyVer: decision.policyVer,
        dataVer: decision.dataVer,
        modelVer: decision.modelVer,
      },
    });
    await this.events.emit(trx, { type: 'decision.recorded', subject: draft.subject, payload: { decision } });
    return { decision, created: true };
  }

  async get(db: Executor, id: string): Promise<Decision> {
    const decision = await store.findById(db, id);
    if (!decision) throw new VigilError(DecisionErrors.DECISION_NOT_FOUND, `no decision with id ${id}`, { decisionId: id });
    return decision;
  }

  listForSubject(db: Executor, subject: string, limit = 100): Promise<Decision[]> {
    return store.listBySubject(db, subject, limit);
  }
}
