import { canonicalJson } from '../core/canonical-json.js';
import type { Clock } from '../core/clock.js';
import type { Executor } from '../db/executor.js';
import { checkLink, recordHash, type AuditRecord, type ChainBreak } from './audit-chain.js';
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

export class AuditService {
  constructor(private readonly clock: Clock) {}

  /** Appends one record inside the caller's transaction; it commits or vanishes with the change it records. */
  async append(trx: Executor, entry: AuditEntry): Promise<AuditRecord> {
    const { seq, prevHash } = await store.claimNextSeq(trx);
    const at = this.clock.now().toISOString();
    const data = entry.data ?? {};
    const base = { seq, at, actor: entry.actor, action: entry.action, subject: entry.subject, prevHash };
    const record: AuditRecord = { ...base, data: canonicalJson(data), hash: recordHash({ ...base, data }) };
    await store.insertRecord(trx, record);
    return record;
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

  head(db: Executor): Promise<{ seq: number; hash: string }> {
    return store.readHead(db);
  }

  list(db: Executor, q: store.AuditQuery): Promise<AuditRecord[]> {
    return store.queryRecords(db, q);
  }
}
