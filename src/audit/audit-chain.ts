import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex } from '../core/hash.js';

/** One link of the chain as stored (data is its canonical JSON text). */
export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: string;
  prevHash: string;
  hash: string;
}

export type BreakReason = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'data_unparseable' | 'head_mismatch';

export interface ChainBreak {
  seq: number;
  reason: BreakReason;
  message: string;
}

/**
 * The hash of a record: SHA-256 over the canonical JSON of every field but the hash itself,
 * with `data` as the parsed value (so the encoding of the stored text cannot hide a change).
 */
export function recordHash(r: Omit<AuditRecord, 'hash' | 'data'> & { data: unknown }): string {
  return sha256Hex(
    canonicalJson({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, data: r.data, prevHash: r.prevHash }),
  );
}

/**
 * `recordHash` of a record whose data is already its canonical JSON text, as a record is written:
 * the text goes into the hashed JSON as it is, where the canonical encoding would put the same
 * bytes again (the members here are in canonical order).
 */
export function recordHashOfEncoded(r: Omit<AuditRecord, 'hash'>): string {
  if (!Number.isFinite(r.seq)) throw new TypeError('canonical JSON cannot encode a non-finite number');
  const str = JSON.stringify;
  return sha256Hex(`{"action":${str(r.action)},"actor":${str(r.actor)},"at":${str(r.at)},"data":${r.data},"prevHash":${str(r.prevHash)},"seq":${str(r.seq)},"subject":${str(r.subject)}}`);
}

/**
 * Checks one record against the previous hash and expected sequence number.
 * Pure so the same logic serves the CLI, the API and tests.
 */
export function checkLink(record: AuditRecord, expectedSeq: number, prevHash: string): ChainBreak | null {
  if (record.seq !== expectedSeq) {
    return { seq: expectedSeq, reason: 'seq_gap', message: `record ${expectedSeq} is missing (found ${record.seq} next)` };
  }
  if (record.prevHash !== prevHash) {
    return { seq: record.seq, reason: 'prev_hash_mismatch', message: `record ${record.seq} does not point at record ${record.seq - 1}'s hash` };
  }
  let data: unknown;
  try {
    data = JSON.parse(record.data);
  } catch {
    return { seq: record.seq, reason: 'data_unparseable', message: `record ${record.seq} has data that is not JSON` };
  }
  if (recordHash({ ...record, data }) !== record.hash) {
    return { seq: record.seq, reason: 'hash_mismatch', message: `record ${record.seq}'s content does not match its hash` };
  }
  return null;
}
