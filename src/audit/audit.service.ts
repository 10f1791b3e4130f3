import { canonicalJson } from '../core/canonical-json.js';
import type { Clock } from '../core/clock.js';
import { deferredList, flushDeferred, isTransaction } from '../db/commit-work.js';
import type { Database, Executor } from '../db/executor.js';
import type { Schema } from '../db/schema.js';
import { checkLink, recordHashOfEncoded, type AuditRecord, type ChainBreak } from './audit-chain.js';
import * as store from './audit.store.js';
import { signCheckpoint, verifyCheckpointSignature, type Checkpoint } from './checkpoint.js';
import type { SigningKey } from './signing-key.js';

export interface AuditEntry {
  /** Who: `key:<id>`, `system`, `cli`. */
  actor: string;
  /** What happened, dotted: `webhook.created`. */
  action: string;
  /** What it happened to: `webhook:whk_…`. */
  subject: string;
  /** Ids, versions, hashes — never personal data. */
  data?: Record<string, unknown>;
}

export interface VerifyResult {
  ok: boolean;
  /** Records checked. */
  checked: number;
  head: { seq: number; hash: string };
  firstBroken?: ChainBreak;
}

const PAGE = 2000;
const AUDIT = Symbol('audit records');
/** Pending records the sequencer links in one transaction. */
const LINK_BATCH = 2000;
/** How long after a write the sequencer runs: usually after that write's commit. */
const LINK_DELAY_MS = 20;

type PendingRecord = AuditEntry & { at: string };

export class AuditService {
  /**
   * Whether transactions leave their records in `audit_pending` for the sequencer (`link`)
   * instead of linking them at commit. Linking takes the chain head's lock until the commit ends:
   * on SQLite, whose writes are serialized anyway, that costs nothing; on PostgreSQL every audited
   * transaction on every node would wait for the previous one's commit and log flush, which caps
   * the whole cluster at one commit per flush.
   */
  private readonly sequenced: boolean;
  /** A sequencer run that has not started yet: whoever asks now may join it. */
  private queued: Promise<void> | null = null;
  private running: Promise<void> = Promise.resolve();
  private linkTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private onLinkError: (err: unknown) => void = () => undefined;

  constructor(
    private readonly clock: Clock,
    private readonly database: Pick<Database, 'caps' | 'db' | 'transaction'>,
  ) {
    this.sequenced = database.caps.rowLocks;
  }

  /**
   * Appends one record inside the caller's transaction; it commits or vanishes with the change it
   * records. In a transaction opened by `Database.transaction` the record is written just before
   * the commit (with the transaction's other records, in the order they were appended, and in a
   * SQLite group commit with the whole group's). On SQLite it is linked onto the chain then; on
   * PostgreSQL the sequencer links it after the commit, and every read of the log (`list`,
   * `verify`, `head`, `checkpoint`, `changedSubjects`) links what is pending first, so no reader
   * misses a record whose change it can see.
   */
  async append(trx: Executor, entry: AuditEntry): Promise<void> {
    const pending = { ...entry, at: this.clock.now().toISOString() };
    const deferred = deferredList<PendingRecord, Schema>(trx, AUDIT, (items) => this.write(trx, items));
    if (deferred) deferred.push(pending);
    else await this.write(trx, [pending]);
  }

  private async write(trx: Executor, entries: readonly PendingRecord[]): Promise<void> {
    const encoded = entries.map((e) => ({ at: e.at, actor: e.actor, action: e.action, subject: e.subject, data: canonicalJson(e.data ?? {}) }));
    if (!this.sequenced) return this.chain(trx, encoded);
    await store.insertPending(trx, encoded);
    this.linkSoon();
  }

  /** Links records onto the chain: one claim of the head for all of them, one insert. */
  private async chain(trx: Executor, entries: readonly store.PendingEntry[]): Promise<void> {
    let { seq, prevHash } = await store.claimSeqs(trx, entries.length);
    const records: AuditRecord[] = entries.map((e) => {
      const base = { seq: ++seq, at: e.at, actor: e.actor, action: e.action, subject: e.subject, prevHash, data: e.data };
      const record = { ...base, hash: recordHashOfEncoded(base) };
      prevHash = record.hash;
      return record;
    });
    await store.insertRecords(trx, records, this.database.caps);
  }

  /**
   * The sequencer: links every pending record committed before the call onto the chain, in the
   * order they were written, and resolves once they are. Any node may run it at any time: each
   * run takes the chain head's lock before it reads what is pending, so two never link one record.
   * Records a node left pending when it died are linked by the next run anywhere. No-op on SQLite.
   */
  link(): Promise<void> {
    if (!this.sequenced) return Promise.resolve();
    if (this.queued) return this.queued;
    const run = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.linkAll();
      });
    this.queued = run;
    this.running = run;
    return run;
  }

  /**
   * Runs the sequencer every `intervalMs` besides shortly after each write, for records whose
   * write ran its sequencer before it committed, and for other nodes' that died before theirs.
   */
  startLinking(intervalMs: number, onError: (err: unknown) => void): void {
    this.onLinkError = onError;
    if (!this.sequenced || this.sweepTimer) return;
    this.sweepTimer = setInterval(() => void this.link().catch(onError), intervalMs);
    this.sweepTimer.unref();
  }

  /** Stops the timers and links what this process wrote. */
  async stopLinking(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.linkTimer) clearTimeout(this.linkTimer);
    this.sweepTimer = this.linkTimer = null;
    // What cannot be linked now stays pending for the next run on any node: nothing is lost.
    await this.link().catch(this.onLinkError);
  }

  private linkSoon(): void {
    if (this.linkTimer) return;
    this.linkTimer = setTimeout(() => {
      this.linkTimer = null;
      this.link().catch(this.onLinkError);
    }, LINK_DELAY_MS);
    this.linkTimer.unref();
  }

  private async linkAll(): Promise<void> {
    // Most runs (a sweep, a read) find nothing to link: a look without the lock spares them a
    // write of the head and its commit's log flush.
    if (!(await store.anyPending(this.database.db))) return;
    while ((await this.database.transaction((trx) => this.linkBatch(trx))) === LINK_BATCH);
  }

  /** Links the oldest pending records `trx` can see; how many. The head stays locked until `trx` ends. */
  private async linkBatch(trx: Executor): Promise<number> {
    // The head's lock first: a batch another node linked meanwhile is deleted by then.
    await store.claimSeqs(trx, 0);
    const batch = await store.pendingBatch(trx, LINK_BATCH);
    if (batch.length > 0) {
      await this.chain(trx, batch);
      await store.deletePending(trx, batch.map((b) => b.id));
    }
    return batch.length;
  }

  /**
   * Before a read of the log through `db`: writes the records a transaction deferred and links
   * what is pending. Inside a transaction, that includes the transaction's own records (as
   * SQLite, which links at commit, shows them), so it links there, holding the head until the
   * transaction ends: reads of the chain inside a transaction (a checkpoint through the API) are rare.
   */
  private async linkFor(db: Executor): Promise<void> {
    await flushDeferred(db, AUDIT);
    if (!this.sequenced) return;
    if (!isTransaction(db)) return this.link();
    while ((await this.linkBatch(db)) === LINK_BATCH);
  }

  /**
   * Recomputes the chain from the first record. The head is read first: everything up to it
   * was committed with it, and records appended while we read are left for the next run.
   */
  async verify(db: Executor, onProgress?: (checked: number, total: number) => void): Promise<VerifyResult> {
    await this.linkFor(db);
    const head = await store.readHead(db);
    let expected = 1;
    let prevHash = '0'.repeat(64);
    let checked = 0;
    for (;;) {
      const page = await store.readPage(db, expected - 1, PAGE, head.seq);
      for (const record of page) {
        const broken = checkLink(record, expected, prevHash);
        if (broken) return { ok: false, checked, head, firstBroken: broken };
        prevHash = record.hash;
        expected += 1;
        checked += 1;
      }
      onProgress?.(checked, head.seq);
      if (page.length < PAGE) break;
    }
    if (checked !== head.seq || prevHash !== head.hash) {
      const seq = checked < head.seq ? checked + 1 : head.seq;
      return {
        ok: false,
        checked,
        head,
        firstBroken: {
          seq,
          reason: checked < head.seq ? 'seq_gap' : 'head_mismatch',
          message:
            checked < head.seq
              ? `record ${seq} is missing: the chain head says ${head.seq} records were written`
              : `the chain head does not match record ${seq}'s hash`,
        },
      };
    }
    return { ok: true, checked, head };
  }

  /** Signs the current head and keeps the checkpoint; the caller exports it for anchoring. */
  async checkpoint(db: Executor, key: SigningKey): Promise<Checkpoint> {
    await this.linkFor(db);
    const head = await store.readHead(db);
    const checkpoint = signCheckpoint(key, head, this.clock.now().toISOString());
    await store.insertCheckpoint(db, checkpoint);
    return checkpoint;
  }

  /**
   * Checks an exported checkpoint against this database: its signature, and that the record
   * it names still carries the hash it vouched for (a rewritten history cannot).
   */
  async verifyCheckpoint(db: Executor, input: unknown): Promise<{ ok: boolean; seq: number; message: string }> {
    const checkpoint = verifyCheckpointSignature(input);
    await this.linkFor(db);
    if (checkpoint.seq === 0) return { ok: true, seq: 0, message: 'checkpoint of the empty chain' };
    const record = await store.readRecord(db, checkpoint.seq);
    if (!record) return { ok: false, seq: checkpoint.seq, message: `record ${checkpoint.seq} named by the checkpoint is missing` };
    if (record.hash !== checkpoint.hash) {
      return { ok: false, seq: checkpoint.seq, message: `record ${checkpoint.seq} no longer has the hash the checkpoint signed` };
    }
    return { ok: true, seq: checkpoint.seq, message: `record ${checkpoint.seq} matches the signed checkpoint` };
  }

  async head(db: Executor): Promise<{ seq: number; hash: string }> {
    await this.linkFor(db);
    return store.readHead(db);
  }

  async list(db: Executor, q: store.AuditQuery): Promise<AuditRecord[]> {
    await this.linkFor(db);
    return store.queryRecords(db, q);
  }

  /** Which subjects the records after `afterSeq` are about, in order: a change feed every node can follow. */
  async changedSubjects(db: Executor, afterSeq: number, limit: number): Promise<Array<{ seq: number; subject: string }>> {
    await this.linkFor(db);
    return store.subjectsAfter(db, afterSeq, limit);
  }
}
