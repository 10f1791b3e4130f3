import { compiledStatement, type Markers } from '../db/compiled.js';
import type { Capabilities, Executor } from '../db/executor.js';
import type { AuditLogTable } from '../db/schema.js';
import type { AuditRecord } from './audit-chain.js';

type Row = AuditLogTable;

function toRecord(r: Row): AuditRecord {
  return { seq: Number(r.seq), at: r.at, actor: r.actor, action: r.action, subject: r.subject, data: r.data, prevHash: r.prev_hash, hash: r.hash };
}

/**
 * Claims the next `count` sequence numbers; returns the last one taken before and its hash. The
 * UPDATE takes the head row's lock (PostgreSQL) or the database write lock (SQLite) until the
 * transaction ends, so linkers on every node (SQLite's commits, PostgreSQL's sequencer runs) queue
 * here and the chain cannot fork.
 */
export async function claimSeqs(db: Executor, count: number): Promise<{ seq: number; prevHash: string }> {
  const [row] = await claimStatement.run(db, [count]);
  if (!row) throw new Error('the audit chain head row is missing');
  return { seq: Number(row.seq) - count, prevHash: row.hash };
}

const claimStatement = compiledStatement<{ seq: number; hash: string }>('audit.claimSeqs', (db, v) =>
  db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', v[0]!) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash']),
);

/** Eight parameters a row: chunks stay far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

/**
 * Inserts claimed records (in chain order) and moves the head's hash to the last one. The head
 * stays locked from the claim to the commit, and other linkers queue on it: where the store
 * allows, the last insert and the head's update go in one statement, one round trip less while
 * they wait.
 */
export async function insertRecords(db: Executor, records: readonly AuditRecord[], caps: Pick<Capabilities, 'writableCte'>): Promise<void> {
  if (records.length === 0) return;
  const last = Math.floor((records.length - 1) / CHUNK) * CHUNK;
  for (let i = 0; i < last; i += CHUNK) await insertStatement.run(db, rowValues(records.slice(i, i + CHUNK)));
  const tail = rowValues(records.slice(last));
  const head = records[records.length - 1]!.hash;
  if (caps.writableCte) {
    await insertMovingHead.run(db, [...tail, head]);
    return;
  }
  await insertStatement.run(db, tail);
  await moveHead.run(db, [head]);
}

const COLUMNS_PER_ROW = 8;
const rowValues = (records: readonly AuditRecord[]) => records.flatMap((r) => [r.seq, r.at, r.actor, r.action, r.subject, r.data, r.prevHash, r.hash]);
const rowsOf = (v: Markers, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => {
    const at = i * COLUMNS_PER_ROW;
    return { seq: v[at]!, at: v[at + 1]!, actor: v[at + 2]!, action: v[at + 3]!, subject: v[at + 4]!, data: v[at + 5]!, prev_hash: v[at + 6]!, hash: v[at + 7]! };
  });
// Compiled once per number of records (a request appends one to a few; a SQLite group, more).
const insertStatement = compiledStatement('audit.insert', (db, v) => db.insertInto('audit_log').values(rowsOf(v, v.length / COLUMNS_PER_ROW)));
// The records, then the head's new hash.
const insertMovingHead = compiledStatement('audit.insertMovingHead', (db, v) =>
  db
    .with('inserted', (qb) => qb.insertInto('audit_log').values(rowsOf(v, (v.length - 1) / COLUMNS_PER_ROW)))
    .updateTable('audit_head')
    .set({ hash: v[v.length - 1]! })
    .where('id', '=', 1),
);
const moveHead = compiledStatement('audit.moveHead', (db, v) => db.updateTable('audit_head').set({ hash: v[0]! }).where('id', '=', 1));

export interface PendingEntry {
  at: string;
  actor: string;
  action: string;
  subject: string;
  /** Canonical JSON. */
  data: string;
}

/** Five parameters a row. */
const PENDING_CHUNK = 1000;

// Written by every audited transaction on PostgreSQL: compiled once per number of records.
const insertPendingStatement = compiledStatement('audit.insertPending', (db, v) =>
  db.insertInto('audit_pending').values(Array.from({ length: v.length / 5 }, (_, i) => ({ at: v[5 * i]!, actor: v[5 * i + 1]!, action: v[5 * i + 2]!, subject: v[5 * i + 3]!, data: v[5 * i + 4]! }))),
);

/** Writes records for the sequencer (AuditService.link) to link later, in the order given; takes no lock. */
export async function insertPending(db: Executor, entries: readonly PendingEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += PENDING_CHUNK) {
    await insertPendingStatement.run(db, entries.slice(i, i + PENDING_CHUNK).flatMap((e) => [e.at, e.actor, e.action, e.subject, e.data]));
  }
}

/** The oldest pending records this transaction can see, in the order they were written. */
export async function pendingBatch(db: Executor, limit: number): Promise<Array<PendingEntry & { id: number }>> {
  const rows = await db.selectFrom('audit_pending').selectAll().orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function anyPending(db: Executor): Promise<boolean> {
  return (await db.selectFrom('audit_pending').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function deletePending(db: Executor, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += PENDING_CHUNK) await db.deleteFrom('audit_pending').where('id', 'in', ids.slice(i, i + PENDING_CHUNK)).execute();
}

export async function readHead(db: Executor): Promise<{ seq: number; hash: string }> {
  const row = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(row.seq), hash: row.hash };
}

export async function readPage(db: Executor, afterSeq: number, limit: number, maxSeq?: number): Promise<AuditRecord[]> {
  let q = db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq);
  if (maxSeq !== undefined) q = q.where('seq', '<=', maxSeq);
  const rows = await q.orderBy('seq').limit(limit).execute();
  return rows.map(toRecord);
}

/** Which subjects the entries after `afterSeq` are about, in order: a cheap change feed. */
export async function subjectsAfter(db: Executor, afterSeq: number, limit: number): Promise<Array<{ seq: number; subject: string }>> {
  const rows = await db.selectFrom('audit_log').select(['seq', 'subject']).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), subject: r.subject }));
}

export async function readRecord(db: Executor, seq: number): Promise<AuditRecord | undefined> {
  const row = await db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export interface AuditQuery {
  subject?: string;
  action?: string;
  afterSeq?: number;
  limit: number;
}

export async function queryRecords(db: Executor, q: AuditQuery): Promise<AuditRecord[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.subject) query = query.where('subject', '=', q.subject);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
  const rows = await query.orderBy('seq').limit(q.limit).execute();
  return rows.map(toRecord);
}

export async function insertCheckpoint(db: Executor, c: { seq: number; hash: string; at: string; keyId: string; signature: string }): Promise<void> {
  await db
    .insertInto('audit_checkpoints')
    .values({ seq: c.seq, hash: c.hash, at: c.at, key_id: c.keyId, signature: c.signature })
    .onConflict((oc) => oc.columns(['seq', 'key_id']).doNothing())
    .execute();
}
