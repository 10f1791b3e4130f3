import { canonicalJson } from '../core/canonical-json.js';
import type { Clock } from '../core/clock.js';
import { deferredList, flushDeferred } from '../db/commit-work.js';
import type { Capabilities, Executor } from '../db/executor.js';
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

type PendingRecord = AuditEntry & { at: string };

export class AuditService {
  constructor(
    private readonly clock: Clock,
    private readonly caps: Pick<Capabilities, 'writableCte'>,
  ) {}

  /**
   * Appends one record inside the caller's transaction; it commits or vanishes with the change it
   * records. In a transaction opened by `Database.transaction` the record is written just before
   * the commit (with the transaction's other records, in the order they were appended, and in a
   * SQLite group commit with the whole group's), so the chain head is locked only for the commit.
   */
  async append(trx: Executor, entry: AuditEntry): Promise<void> {
    const pending = { ...entry, at: this.clock.now().toISOString() };
    const deferred = deferredList<PendingRecord, Schema>(trx, AUDIT, (items) => this.write(trx, items));
    if (deferred) deferred.push(pending);
    else await this.write(trx, [pending]);
  }

  /** Links records onto the chain: one claim of the head for all of them, one insert. */
  private async write(trx: Executor, entries: readonly PendingRecord[]): Promise<void> {
    let { seq, prevHash } = await store.claimSeqs(trx, entries.length);
    const records: AuditRecord[] = entries.map((e) => {
      const data = e.data ?? {};
      const base = { seq: ++seq, at: e.at, actor: e.actor, action: e.action, subject: e.subject, prevHash, data: canonicalJson(data) };
      const record = { ...base, hash: recordHashOfEncoded(base) };
      prevHash = record.hash;
      return record;
    });
    await store.insertRecords(trx, records, this.caps);
  }

  /**
   * Recomputes the chain from the first record. The head is read first: everything up to it
   * was committed with it, and records appended while we read are left for the next run.
   */
  async verify(db: Executor, onProgress?: (checked: number, total: number) => void): Promise<VerifyResult> {
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
    await flushDeferred(db, AUDIT);
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
    if (checkpoint.seq === 0) return { ok: true, seq: 0, message: 'checkpoint of the empty chain' };
    const record = await store.readRecord(db, checkpoint.seq);
    if (!record) return { ok: false, seq: checkpoint.seq, message: `record ${checkpoint.seq} named by the checkpoint is missing` };
    if (record.hash !== checkpoint.hash) {
      return { ok: false, seq: checkpoint.seq, message: `record ${checkpoint.seq} no longer has the hash the checkpoint signed` };
    }
    return { ok: true, seq: checkpoint.seq, message: `record ${checkpoint.seq} matches the signed checkpoint` };
  }

  async head(db: Executor): Promise<{ seq: number; hash: string }> {
    await flushDeferred(db, AUDIT);
    return store.readHead(db);
  }

  list(db: Executor, q: store.AuditQuery): Promise<AuditRecord[]> {
    return store.queryRecords(db, q);
  }
}
