import type { AuditService } from '../audit/audit.service.js';
import { canonicalJson } from '../core/canonical-json.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import type { Database, Executor } from '../db/executor.js';
import type { EventsService } from '../events/events.service.js';
import { PolicyErrors } from './errors.js';
import { diffPolicies, ruleVersionWarnings, type PolicyChange, type PolicyWarning } from './policy-diff.js';
import { parsePolicyObject, parsePolicyText } from './policy-document.js';
import { policyVersion, type Policy } from './policy.js';
import * as store from './policy.store.js';

export interface PolicySnapshot {
  policy: Policy;
  version: string;
  /** Row of the applied policy; 0 for the shipped default. */
  seq: number;
  appliedAt: string | null;
  appliedBy: string | null;
}

export interface PolicyPreview {
  /** The effective policy: the document's sections over the running policy's. */
  policy: Policy;
  version: string;
  changes: PolicyChange[];
  warnings: PolicyWarning[];
}

export interface ApplyResult {
  version: string;
  previousVersion: string;
  changes: PolicyChange[];
  warnings: PolicyWarning[];
  /** False when the effective policy equals the running one (nothing is stored). */
  applied: boolean;
}

type Listener = (snapshot: PolicySnapshot) => void;
/** Warnings about a policy about to be applied, from what the policy itself cannot know. */
export type Warner = (policy: Policy) => Promise<PolicyWarning[]>;

/**
 * The policy in force. Applied policies live in the database, so every node runs the same one:
 * each polls the newest row's number and swaps the new policy in whole. Until an operator applies
 * one, the shipped default runs. Listeners (rule engine, gate) rebuild what they compiled from it.
 */
export class PolicyService {
  private snap: PolicySnapshot;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: Listener[] = [];
  private readonly warners: Warner[] = [];

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    shipped: Policy,
  ) {
    this.snap = { policy: shipped, version: policyVersion(shipped), seq: 0, appliedAt: null, appliedBy: null };
  }

  current(): Policy {
    return this.snap.policy;
  }

  snapshot(): PolicySnapshot {
    return this.snap;
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /**
   * Adds checks of a policy against what other parts of Vigil know (the lists loaded): they warn,
   * never refuse, since what they check may still change (a list imported later).
   */
  addWarner(warner: Warner): void {
    this.warners.push(warner);
  }

  /** Loads the newest applied policy when it is not the one running. Returns whether it changed. */
  async refresh(): Promise<boolean> {
    const seq = await store.latestSeq(this.database.db);
    if (seq === this.snap.seq) return false;
    const row = await store.latest(this.database.db);
    if (!row) return false;
    // Stored documents were valid when applied; parsing again keeps a hand-edited row from running.
    const policy = parsePolicyObject(JSON.parse(row.document), `version ${row.version}`);
    this.swap({ policy, version: row.version, seq: row.seq, appliedAt: row.appliedAt, appliedBy: row.appliedBy });
    return true;
  }

  startPolling(intervalMs: number, onError: (err: unknown) => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh().catch(onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** What applying a document would do: the same comparison `apply` makes, against the newest applied policy. */
  async preview(text: string, origin: string): Promise<PolicyPreview> {
    await this.refresh();
    return this.withWarners(this.compare(text, origin));
  }

  /** Validates and stores a new policy; the running one stays if the document is refused. */
  async apply(text: string, origin: string, actor: string): Promise<ApplyResult> {
    await this.refresh();
    const { policy, version, changes, warnings } = await this.withWarners(this.compare(text, origin));
    const previousVersion = this.snap.version;
    if (version === previousVersion) return { version, previousVersion, changes: [], warnings: [], applied: false };
    const appliedAt = this.clock.now().toISOString();
    const seq = await this.database.transaction(async (trx) => {
      const n = await store.insert(trx, { version, source: text, document: canonicalJson(policy), appliedAt, appliedBy: actor });
      const data = { from: previousVersion, to: version, origin, changed: changes.map((c) => c.path).slice(0, 200) };
      await this.audit.append(trx, { actor, action: 'policy.applied', subject: `policy:${version}`, data });
      await this.events.emit(trx, { type: 'policy.applied', subject: `policy:${version}`, payload: { from: previousVersion, to: version, changes: changes.length } });
      return n;
    });
    this.swap({ policy, version, seq, appliedAt, appliedBy: actor });
    return { version, previousVersion, changes, warnings, applied: true };
  }

  private async withWarners(preview: PolicyPreview): Promise<PolicyPreview> {
    const extra = (await Promise.all(this.warners.map((w) => w(preview.policy)))).flat();
    return extra.length === 0 ? preview : { ...preview, warnings: [...preview.warnings, ...extra] };
  }

  /** Sections the document leaves out keep their running value, so a file holding one section changes only that one. */
  private compare(text: string, origin: string): PolicyPreview {
    const running = this.snap.policy;
    const policy = parsePolicyText(text, origin, running);
    return { policy, version: policyVersion(policy), changes: diffPolicies(running, policy), warnings: ruleVersionWarnings(running, policy) };
  }

  /**
   * The whole effective policy of a version (the running one when none is named). The document as
   * sent is kept for the record only: it may hold a single section, so it is not what ran.
   */
  async show(db: Executor, version?: string): Promise<{ version: string; policy: Policy }> {
    if (!version || version === this.snap.version) return { version: this.snap.version, policy: this.snap.policy };
    const row = await store.byVersion(db, version);
    if (!row) throw new VigilError(PolicyErrors.POLICY_VERSION_NOT_FOUND, `no applied policy has version ${version}`, { version });
    return { version: row.version, policy: parsePolicyObject(JSON.parse(row.document), `version ${row.version}`) };
  }

  history(db: Executor, limit = 50): ReturnType<typeof store.history> {
    return store.history(db, limit);
  }

  private swap(next: PolicySnapshot): void {
    this.snap = next;
    for (const l of this.listeners) l(next);
  }
}
