import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { RiskErrors } from './errors.js';
import type { Capabilities, Database, Executor } from '../db/executor.js';
import type { Customer } from '../customers/customer.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { EventsService } from '../events/events.service.js';
import { policyVersion, type Policy } from '../policy/policy.js';
import { geoDataVersion, type GeoLists } from './geo-lists.js';
import { kycRefreshTriggers, type KycTriggerCode, type KycTriggerEvent } from './review.js';
import type { AlertSeverity } from './risk-policy.js';
import { scoreRisk } from './risk-score.js';
import type { RiskAssessment, RiskProfile } from './risk.js';
import * as store from './risk.store.js';

export const RISK_MODEL = 'risk/1';

export interface AssessOptions {
  /** Countries seen at sign-up (IP, phone), kept with the score for later ones. */
  seen?: store.SeenCountries;
  /** The customer was created in this transaction: nothing can refer to it yet. */
  created?: boolean;
}

const DAY = 86_400_000;

/** What the score reads from other domains (monitoring), without this domain knowing their stores. */
export interface BehaviourSource {
  paymentMethods(db: Executor, customerId: string): Promise<string[]>;
  openAlerts(db: Executor, customerId: string, since: string): Promise<Record<string, number>>;
}

/**
 * Customer risk: the initial score at onboarding (IRS) and the ongoing score (ORS) recomputed when
 * alerts, orders or reviews change what is known. Each score is a decision whose reasons are the
 * factor contributions, and moves the customer's risk level (which sets off EDD when policy says).
 * Periodic reviews and KYC refreshes become review tasks.
 */
export class RiskService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly decisions: DecisionsService,
    private readonly customers: CustomersService,
    private readonly policy: () => Policy,
    private readonly geo: () => GeoLists,
    private readonly behaviour: BehaviourSource,
    private readonly caps: Pick<Capabilities, 'writableCte'>,
  ) {}

  /** Scores a customer now. Directors and UBOs are scored through their company, so they get none. */
  async assess(trx: Executor, customerId: string, trigger: string, actor: string, options: AssessOptions = {}): Promise<store.StoredAssessment | null> {
    const customer = await this.customers.get(trx, customerId);
    if (customer.parentId) return null;
    const policy = this.policy();
    const now = this.clock.now();
    const created = options.created === true;
    const last = created ? undefined : (await store.history(trx, customerId, 1))[0];
    // Countries seen at sign-up (IP, phone) are remembered with the scores, so later scores keep them.
    const countries = options.seen ?? last?.seen ?? { ipCountry: null, phoneCountry: null };
    const profile = { ...(await this.profile(trx, customer, policy, now, created)), ...countries };
    const result = scoreRisk(profile, policy.risk, this.geo(), now);
    // The first score, and the one the sign-up gate asks for once its signals are on the customer, are initial.
    const kind = !last || trigger === 'onboarding' || trigger === 'signup' ? 'irs' : 'ors';
    const { decision } = await this.decisions.record(
      trx,
      {
        kind: `risk.${kind}`,
        subject: `customer:${customerId}`,
        action: result.prohibited ? 'block' : result.level === 'high' || result.level === 'edd' ? 'limit' : 'allow',
        reasons: reasonsOf(result),
        inputs: { profile, trigger, at: now.toISOString() },
        policyVer: policyVersion(policy),
        dataVer: geoDataVersion(this.geo()),
        modelVer: RISK_MODEL,
      },
      actor,
    );
    const assessment: store.StoredAssessment = {
      id: store.assessmentId(now),
      customerId,
      kind,
      score: result.score,
      level: result.level,
      decisionId: decision.decisionId,
      factors: result.factors,
      overrides: result.overrides,
      prohibited: result.prohibited,
      seen: countries,
      trigger,
      nextReviewAt: nextReviewAt(last, result, trigger),
      createdAt: now.toISOString(),
    };
    await store.insert(trx, assessment, this.caps);
    const payload = { customerId, kind, score: result.score, level: result.level, prohibited: result.prohibited, decisionId: decision.decisionId, trigger };
    await this.audit.append(trx, { actor, action: 'risk.assessed', subject: `customer:${customerId}`, data: payload });
    await this.events.emit(trx, { type: 'customer.risk_assessed', subject: `customer:${customerId}`, payload });
    const kyc = result.measures.kycRequired && (customer.status === 'not_verified' || customer.status === 'pending') ? { code: 'RISK_LEVEL_KYC', text: `risk level ${result.level} requires KYC (score ${result.score})` } : null;
    if (result.level !== customer.riskLevel) {
      await this.customers.setRiskLevel(trx, customerId, result.level, { code: `RISK_${kind.toUpperCase()}`, text: `risk score ${result.score} (${kind.toUpperCase()}, ${trigger})` }, actor, kyc ? { requireKyc: kyc } : {});
    } else if (kyc) {
      await this.customers.requireKyc(trx, customerId, kyc, actor);
    }
    return assessment;
  }

  history(db: Executor, customerId: string, limit = 20): Promise<store.StoredAssessment[]> {
    return store.history(db, customerId, limit);
  }

  /** After monitoring alerts: a new ongoing score, and a KYC refresh for the severities policy names. */
  async onAlerts(trx: Executor, customerId: string, alerts: ReadonlyArray<{ ruleId: string; severity: string }>): Promise<void> {
    await this.assess(trx, customerId, `alert:${[...new Set(alerts.map((a) => a.ruleId))].join(',')}`, 'system:risk');
    const codes = new Set<KycTriggerCode>();
    for (const a of alerts) for (const c of kycRefreshTriggers({ kind: 'alert', severity: a.severity as AlertSeverity }, this.policy().risk)) codes.add(c);
    if (codes.size > 0) await this.refreshKyc(trx, customerId, [...codes], `monitoring alert (${[...new Set(alerts.map((a) => a.ruleId))].join(', ')})`, 'system:risk');
  }

  /** A payment above the policy's thresholds (single or monthly) starts a KYC refresh. */
  async onPayment(trx: Executor, customerId: string, payment: Extract<KycTriggerEvent, { kind: 'payment' }>): Promise<void> {
    const codes = kycRefreshTriggers(payment, this.policy().risk);
    if (codes.length === 0) return;
    const t = this.policy().risk.triggers;
    const crossed = [
      ...(payment.amount > t.transactionAmount ? [`a payment of ${money(payment.amount)} ${t.currency} (over ${money(t.transactionAmount)})`] : []),
      ...(payment.monthlyVolume > t.monthlyVolume ? [`payments of ${money(payment.monthlyVolume)} ${t.currency} in a month (over ${money(t.monthlyVolume)})`] : []),
    ];
    await this.refreshKyc(trx, customerId, codes, crossed.join(' and '), 'system:risk');
  }

  async regulatorRequest(trx: Executor, customerId: string, reference: string, actor: string): Promise<store.ReviewTask | null> {
    const codes = kycRefreshTriggers({ kind: 'regulator_request' }, this.policy().risk);
    return codes.length > 0 ? this.refreshKyc(trx, customerId, codes, `regulator request ${reference}`, actor) : null;
  }

  /**
   * A customer not yet verified gets a KYC deadline; a verified one keeps their status and gets a
   * refresh task (one open at a time) due within the KYC deadline.
   */
  async refreshKyc(trx: Executor, customerId: string, codes: KycTriggerCode[], detail: string, actor: string): Promise<store.ReviewTask | null> {
    const customer = await this.customers.get(trx, customerId);
    const reason = { code: codes[0]!, text: `KYC refresh: ${detail}` };
    if (customer.status === 'not_verified' || customer.status === 'pending') {
      await this.customers.requireKyc(trx, customerId, reason, actor);
      return null;
    }
    const open = await store.openTask(trx, customerId, 'kyc_refresh');
    if (open) return open;
    const now = this.clock.now();
    const task: store.ReviewTask = { id: newId('rvw'), customerId, kind: 'kyc_refresh', reason: `${codes.join(', ')}: ${detail}`, dueAt: new Date(now.getTime() + this.policy().kyc.deadlineHours * 3_600_000).toISOString(), status: 'open', createdAt: now.toISOString(), closedAt: null };
    await store.insertTask(trx, task);
    const payload = { customerId, taskId: task.id, triggers: codes, dueAt: task.dueAt };
    await this.audit.append(trx, { actor, action: 'kyc.refresh_required', subject: `customer:${customerId}`, data: payload });
    await this.events.emit(trx, { type: 'kyc.refresh_required', subject: `customer:${customerId}`, payload: { ...payload, detail } });
    return task;
  }

  /** Creates a review task for every customer whose periodic review is due (scheduler job). */
  async openDueReviews(db: Database, limit = 500): Promise<number> {
    const due = await store.reviewsDue(db.db, this.clock.now().toISOString(), limit);
    for (const c of due) {
      await db.transaction(async (trx) => {
        if (await store.openTask(trx, c.id, 'periodic')) return;
        const now = this.clock.now().toISOString();
        const task: store.ReviewTask = { id: newId('rvw'), customerId: c.id, kind: 'periodic', reason: 'periodic review due by risk level', dueAt: c.nextReviewAt, status: 'open', createdAt: now, closedAt: null };
        await store.insertTask(trx, task);
        await this.audit.append(trx, { actor: 'system:scheduler', action: 'review.opened', subject: `customer:${c.id}`, data: { taskId: task.id, dueAt: task.dueAt } });
        await this.events.emit(trx, { type: 'customer.review_due', subject: `customer:${c.id}`, payload: { customerId: c.id, taskId: task.id, dueAt: task.dueAt } });
      });
    }
    return due.length;
  }

  tasks(db: Executor, opts: { customerId?: string; status?: string; limit: number }): Promise<store.ReviewTask[]> {
    return store.tasks(db, opts);
  }

  /** Closes a review task; a periodic review scores the customer again, which sets the next review date. */
  async completeTask(trx: Executor, taskId: string, actor: string): Promise<{ task: store.ReviewTask; assessment: store.StoredAssessment | null }> {
    const task = await store.closeTask(trx, taskId, this.clock.now().toISOString());
    if (!task) throw new VigilError(RiskErrors.REVIEW_TASK_NOT_FOUND, `no open review task ${taskId}`, { taskId });
    await this.audit.append(trx, { actor, action: 'review.completed', subject: `customer:${task.customerId}`, data: { taskId, kind: task.kind } });
    return { task, assessment: await this.assess(trx, task.customerId, 'review', actor) };
  }

  /**
   * What the score reads about the customer. One created in this transaction has no confirmed
   * hits, alerts, orders, payments or related persons yet (they all refer to its new id), so
   * none are read: a sign-up's transaction is in the request path.
   */
  private async profile(trx: Executor, c: Customer, policy: Policy, now: Date, created: boolean): Promise<RiskProfile> {
    const since = new Date(now.getTime() - policy.risk.factors.behaviour.windowDays * DAY).toISOString();
    const topics = created ? new Set<string>() : await store.confirmedTopics(trx, c.id);
    const alerts = created ? {} : await this.behaviour.openAlerts(trx, c.id, since);
    const ubos = c.type !== 'company' ? null : created ? 0 : (await this.customers.relatedPersons(trx, c.id)).filter((r) => r.role === 'ubo').length;
    return {
      customerId: c.id,
      type: c.type,
      createdAt: c.createdAt,
      country: c.country || null,
      signupFactors: [...c.riskFactors].sort(),
      pep: topics.has('pep'),
      sanctionsConfirmed: topics.has('sanction'),
      products: created ? [] : await store.productCategories(trx, c.id),
      channel: 'non_face_to_face',
      paymentMethods: created ? [] : await this.behaviour.paymentMethods(trx, c.id),
      openAlerts: { low: alerts['low'] ?? 0, medium: alerts['medium'] ?? 0, high: alerts['high'] ?? 0, critical: alerts['critical'] ?? 0 },
      ...(c.type === 'company' ? { uboCount: ubos } : {}),
    };
  }
}

/** Onboarding and reviews set the next review date; other rescoring only ever brings it forward. */
function nextReviewAt(last: store.StoredAssessment | undefined, result: RiskAssessment, trigger: string): string {
  if (trigger === 'onboarding' || trigger === 'signup' || trigger === 'review') return result.nextReviewAt;
  return last && last.nextReviewAt < result.nextReviewAt ? last.nextReviewAt : result.nextReviewAt;
}

function reasonsOf(result: RiskAssessment): Array<{ code: string; text: string }> {
  const factors = result.factors.map((f) => ({ code: f.code, text: `+${f.points} ${f.group}: ${f.detail}` }));
  const overrides = result.overrides.map((o) => ({ code: `${o.code}_FLOOR`, text: `at least ${o.minimumLevel}: ${o.detail}` }));
  return [{ code: `RISK_LEVEL_${result.level.toUpperCase()}`, text: `score ${result.score} → ${result.level}` }, ...factors, ...overrides];
}

/** An amount as a reason shows it: at most two decimals (converted payments carry float noise). */
function money(x: number): string {
  return String(Math.round(x * 100) / 100);
}
